import { useDocumentTitle } from '../hooks';
import { Link } from '../router';
import { SITE } from '../site';

export function StartPage() {
  useDocumentTitle(`${SITE.serviceName} – ${SITE.municipality}`);
  return (
    <>
      <h1>{SITE.serviceName}</h1>
      <p className="lead">
        Använd den här e-tjänsten när en person som har insatser från sin hemkommun ska vistas tillfälligt i{' '}
        {SITE.municipality}, och ni vill att vi utför insatserna under vistelsen.
      </p>
      <p>
        E-tjänsten är till för handläggare i bosättningskommunen. Beställningen är en begäran om verkställighet vid
        tillfällig vistelse. Bosättningskommunen har kvar ansvaret och betalar enligt sina egna priser.
      </p>
      <h2>Det här behöver du</h2>
      <ul className="list">
        <li>beslutet med de beviljade insatserna, deras omfattning och målsättning</li>
        <li>personens personnummer eller samordningsnummer och adressen under vistelsen</li>
        <li>vistelsens första och sista dag</li>
        <li>bosättningskommunens timpris eller ersättning för varje insats</li>
        <li>fakturaadress och referensnummer för fakturan</li>
        <li>vilken utförare personen har valt, om personen har valt</li>
      </ul>
      <p>Det tar ungefär 15 minuter. Dina svar sparas i den här fliken tills du skickar eller stänger den.</p>
      <h2>Bra att veta</h2>
      <ul className="list">
        <li>Du får ett ärendenummer direkt när du har skickat, och ett kvitto med e-post.</li>
        <li>Vi skickar aldrig personens namn, personnummer eller andra personuppgifter med e-post.</li>
        <li>
          Bilagor som utredning, beslut och uppdragsdokument skickar du som säkert meddelande när ärendet har fått sitt
          ärendenummer.
        </li>
      </ul>
      <Link className="button button--start" href="/bestallning/bestallare">
        Starta beställningen
        <span className="button__arrow" aria-hidden="true">
          →
        </span>
      </Link>
    </>
  );
}
