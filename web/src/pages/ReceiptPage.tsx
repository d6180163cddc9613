import { formatSwedishDate } from '../../../shared/dates';
import { useDocumentTitle } from '../hooks';
import { Warnings } from '../order/Warnings';
import { readReceipt } from '../order/submission';
import { Link } from '../router';
import { pageTitle, SITE } from '../site';

export function ReceiptPage() {
  const stored = readReceipt();
  useDocumentTitle(pageTitle(stored ? 'Beställningen är skickad' : 'Inget kvitto att visa'));
  if (!stored) {
    return (
      <>
        <h1>Inget kvitto att visa</h1>
        <p>Det finns ingen skickad beställning i den här fliken. Kvittot visas bara i fliken där du skickade beställningen.</p>
        <p>Du får alltid ett kvitto med ärendenumret med e-post.</p>
        <p>
          <Link href="/">Till startsidan</Link>
        </p>
      </>
    );
  }
  const { receipt, ordererEmail } = stored;
  return (
    <>
      <div className="panel">
        <h1 className="panel__title">Beställningen är skickad</h1>
        <p className="panel__body">
          Ärendenummer
          <br />
          <strong className="panel__reference" data-testid="reference">
            {receipt.reference}
          </strong>
        </p>
      </div>
      <p>
        Vi har tagit emot beställningen av insatser vid tillfällig vistelse{' '}
        <strong>
          {formatSwedishDate(receipt.stay.from)} – {formatSwedishDate(receipt.stay.to)}
        </strong>
        .
      </p>
      <p>
        Ett kvitto med ärendenumret skickas med e-post till <strong>{ordererEmail}</strong>.
      </p>
      <Warnings warnings={receipt.warnings} />

      <h2>Vad händer nu</h2>
      <ol className="list list--number">
        <li>Beställningen går till en biståndshandläggare hos oss, som kontrollerar att underlaget är komplett.</li>
        <li>Beställningen går vidare till en utförare, som bekräftar att den har tagit emot uppdraget och meddelar startdatum.</li>
        <li>Skicka bilagor som utredning, beslut och uppdragsdokument som säkert meddelande och ange ärendenumret.</li>
      </ol>
      <p>
        Kvittot med e-post innehåller aldrig personens namn eller personnummer. Av säkerhetsskäl skickar vi inga
        personuppgifter med e-post.
      </p>
      <h2>Frågor om beställningen</h2>
      <p>
        Ange ärendenumret <strong>{receipt.reference}</strong> när du kontaktar {SITE.municipality} om beställningen.
      </p>
      <p>
        <Link href="/">Gör en ny beställning</Link>
      </p>
    </>
  );
}
