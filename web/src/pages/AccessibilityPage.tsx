import { formatSwedishDate } from '../../../shared/dates';
import { useDocumentTitle } from '../hooks';
import { SITE } from '../site';

/** Tillgänglighetsredogörelse, following DIGG's model. */
export function AccessibilityPage() {
  useDocumentTitle(`Tillgänglighetsredogörelse – ${SITE.serviceName}`);
  const email = SITE.accessibilityEmail;
  return (
    <>
      <h1>Tillgänglighetsredogörelse</h1>
      <p className="lead">
        {SITE.municipality} står bakom e-tjänsten {SITE.serviceName.toLowerCase()}. Vi vill att så många som möjligt ska
        kunna använda den. Här beskriver vi hur e-tjänsten uppfyller lagen om tillgänglighet till digital offentlig
        service, kända tillgänglighetsproblem och hur du kan rapportera brister till oss så att vi kan åtgärda dem.
      </p>

      <h2>Hur tillgänglig är e-tjänsten?</h2>
      <p>
        E-tjänsten är byggd för att uppfylla kraven i Web Content Accessibility Guidelines (WCAG) 2.1 på nivå AA, och den
        europeiska standarden EN 301 549. Vi bedömer att den är helt förenlig med kraven, så långt vi har testat.
      </p>

      <h2>Kända brister</h2>
      <p>
        Vi känner inte till några brister ännu. Om du upptäcker något som gör det svårt att använda e-tjänsten vill vi
        gärna veta det.
      </p>

      <h2>Vad kan du göra om du inte kan använda delar av e-tjänsten?</h2>
      <p>
        Om du behöver beställa på ett annat sätt, till exempel per telefon eller med säkert meddelande, kan du kontakta
        oss på <a href={`mailto:${email}`}>{email}</a>. Skicka inga personuppgifter om personen i e-postmeddelandet.
      </p>

      <h2>Rapportera brister i e-tjänstens tillgänglighet</h2>
      <p>
        Vi strävar hela tiden efter att förbättra tillgängligheten. Om du upptäcker problem som inte är beskrivna på den
        här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss på{' '}
        <a href={`mailto:${email}`}>{email}</a> så att vi får veta att problemet finns.
      </p>

      <h2>Tillsyn</h2>
      <p>
        Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn av lagen om tillgänglighet till digital
        offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du{' '}
        <a href="https://www.digg.se/tdosanmalan" rel="noopener noreferrer">
          kontakta Myndigheten för digital förvaltning (DIGG) och påtala det
        </a>
        .
      </p>

      <h2>Hur vi testat e-tjänsten</h2>
      <p>
        Vi har själva testat e-tjänsten. Varje sida och varje steg i beställningen testas automatiskt med verktyget
        axe-core mot kraven i WCAG 2.1 nivå A och AA, i en riktig webbläsare, varje gång e-tjänsten ändras. Vi har också
        gått igenom hela beställningen med enbart tangentbord.
      </p>
      <p>
        Redogörelsen upprättades den {formatSwedishDate(SITE.statementDate)} och uppdaterades senast den{' '}
        {formatSwedishDate(SITE.statementDate)}.
      </p>
    </>
  );
}
