import { formatSwedishDate, type IsoDate } from '../dates';
import { escapeHtml, mailLayout, type RenderedMail } from './layout';

export interface OrderReceiptMailData {
  reference: string;
  stayFrom: IsoDate;
  stayTo: IsoDate;
  /** The stay municipality's name, e.g. "Sundbyberg (demo)". */
  municipalityName: string;
  /** Where the orderer reads more (no personal data in the URL). */
  link: string;
}

/**
 * The receipt to the ordering municipality (Katrineholm: "handläggaren bekräftar till
 * hemkommunen att underlaget mottagits"). It carries the case reference, the stay dates and what
 * happens next — never the person's name, personnummer, address or health information.
 */
export function orderReceiptMail(data: OrderReceiptMailData): RenderedMail {
  const from = formatSwedishDate(data.stayFrom);
  const to = formatSwedishDate(data.stayTo);
  const subject = `Beställningen är mottagen – ärende ${data.reference}`;
  const paragraphs = [
    `Vi har tagit emot er beställning av insatser vid tillfällig vistelse i ${data.municipalityName}.`,
    `Ärendenummer: ${data.reference}\nVistelse: ${from} – ${to}`,
    'Vad händer nu?\n' +
      '1. Beställningen går till en biståndshandläggare hos oss, som kontrollerar att underlaget är komplett.\n' +
      '2. Beställningen går vidare till en utförare, som bekräftar mottagandet och meddelar startdatum.\n' +
      '3. Ni får ett nytt e-postmeddelande när ärendet har fått en handläggare.',
    'Ange alltid ärendenumret när ni kontaktar oss om ärendet. Av säkerhetsskäl skickar vi aldrig personuppgifter med e-post. Ärendets status, utförarens bekräftelse och säkra meddelanden finns i ärendet: öppna länken, så skickar vi en engångskod till den här e-postadressen.',
    `Öppna ärendet: ${data.link}`,
    `Med vänlig hälsning\n${data.municipalityName}\n\nDetta meddelande går inte att svara på.`,
  ];
  const text = paragraphs.join('\n\n') + '\n';
  const html = mailLayout(
    subject,
    `<p>Vi har tagit emot er beställning av insatser vid tillfällig vistelse i ${escapeHtml(data.municipalityName)}.</p>
<table role="presentation"><tr><th scope="row" align="left">Ärendenummer</th><td><strong>${escapeHtml(data.reference)}</strong></td></tr>
<tr><th scope="row" align="left">Vistelse</th><td>${escapeHtml(from)} – ${escapeHtml(to)}</td></tr></table>
<h2>Vad händer nu?</h2>
<ol><li>Beställningen går till en biståndshandläggare hos oss, som kontrollerar att underlaget är komplett.</li>
<li>Beställningen går vidare till en utförare, som bekräftar mottagandet och meddelar startdatum.</li>
<li>Ni får ett nytt e-postmeddelande när ärendet har fått en handläggare.</li></ol>
<p>Ange alltid ärendenumret när ni kontaktar oss om ärendet. Av säkerhetsskäl skickar vi aldrig personuppgifter med e-post. Ärendets status, utförarens bekräftelse och säkra meddelanden finns i ärendet: öppna länken, så skickar vi en engångskod till den här e-postadressen.</p>
<p><a href="${escapeHtml(data.link)}">Öppna ärendet</a></p>
<p>Med vänlig hälsning<br>${escapeHtml(data.municipalityName)}</p>
<p><small>Detta meddelande går inte att svara på.</small></p>`,
  );
  return { subject, text, html };
}
