import { PDFDocument, PageSizes, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatSwedishDate } from '../../../shared/dates';
import { INSATS_LABELS, RATE_PERIOD_LABELS, SCOPE_UNIT_LABELS } from '../../../shared/insatser';
import { dueRuleLabel } from '../../../shared/time-report-dates';
import { pdfSafeText } from '../invoicing/invoice-pdf';
import type { OutgoingOrder } from './outgoing-stays';

const MARGIN = 56;
const [WIDTH, HEIGHT] = PageSizes.A4;
const CONTENT = WIDTH - 2 * MARGIN;
const GREY = rgb(0.35, 0.35, 0.35);

/**
 * An outgoing stay's order (begäran om verkställighet vid tillfällig vistelse) as the stay
 * municipality gets it: the same fields our own e-service asks of an ordering municipality — the
 * home municipality, the orderer, billing, the person, the stay, the decision and its insatser, our
 * agreed rates — on A4 with page numbers. It holds personal data: it is made only for those who may
 * read the stay, the read audited, and sent by a secure channel.
 */
export async function outgoingOrderPdf(order: OutgoingOrder): Promise<{ fileName: string; body: Uint8Array }> {
  const { stay, person, decision } = order;
  const doc = await PDFDocument.create();
  doc.setTitle(`Beställning ${stay.reference}`);
  doc.setLanguage('sv-SE');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = doc.addPage(PageSizes.A4);
  let y = HEIGHT - MARGIN;

  const newPageIfNeeded = (needed: number) => {
    if (y - needed < MARGIN + 20) {
      page = doc.addPage(PageSizes.A4);
      y = HEIGHT - MARGIN;
    }
  };
  const wrap = (text: string, font: PDFFont, size: number, width: number): string[] => {
    const lines: string[] = [];
    for (const paragraph of pdfSafeText(text, font).split(/\s*\n\s*/)) {
      let line = '';
      for (const word of paragraph.split(/\s+/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width) line = candidate;
        else {
          if (line) lines.push(line);
          line = word;
        }
      }
      lines.push(line);
    }
    return lines;
  };
  const heading = (text: string, size = 13) => {
    newPageIfNeeded(size + 24);
    y -= size + 10;
    page.drawText(pdfSafeText(text, bold), { x: MARGIN, y, size, font: bold });
    y -= 6;
  };
  const row = (label: string, value: string) => {
    const lines = wrap(value || '–', regular, 10, CONTENT - 170);
    newPageIfNeeded(lines.length * 13 + 4);
    y -= 13;
    page.drawText(pdfSafeText(label, bold), { x: MARGIN, y, size: 10, font: bold });
    lines.forEach((line, i) => page.drawText(line, { x: MARGIN + 170, y: y - i * 13, size: 10, font: regular }));
    y -= (lines.length - 1) * 13 + 3;
  };

  page.drawText(pdfSafeText('Beställning – begäran om verkställighet vid tillfällig vistelse', bold), { x: MARGIN, y: (y -= 16), size: 15, font: bold });
  y -= 18;
  page.drawText(pdfSafeText(`Vår referens: ${stay.reference}. Till ${stay.stayMunicipality.name} kommun (${stay.stayMunicipality.code}).`, regular), { x: MARGIN, y, size: 10, font: regular });
  y -= 14;
  page.drawText(pdfSafeText('Socialtjänstlagen 2 a kap. 6–8 §§: vistelsekommunen verkställer, bosättningskommunen betalar.', regular), { x: MARGIN, y, size: 9, font: regular, color: GREY });

  heading('Bosättningskommun');
  row('Kommun', `${order.ownName} (${order.ownCode})`);
  heading('Beställare');
  row('Handläggare', stay.orderer.name);
  row('Förvaltning / enhet', stay.orderer.unit);
  row('E-post', stay.orderer.email);
  row('Telefon', stay.orderer.phone);
  heading('Fakturering');
  row('Fakturaadress', stay.billing.address);
  row('Referens på fakturan', stay.billing.reference);
  heading('Personen');
  row('Namn', `${person.firstName} ${person.lastName}`);
  row('Personnummer', person.personnummer);
  row('Skyddade personuppgifter', person.protectedIdentity ? 'Ja – lämna inte ut uppgifterna' : 'Nej');
  row('Adress under vistelsen', `${person.stayAddress.street}, ${person.stayAddress.postalCode} ${person.stayAddress.city}`);
  if (person.phone) row('Telefon under vistelsen', person.phone);
  heading('Vistelsen');
  row('Första dag', formatSwedishDate(stay.stay.from));
  row('Sista dag', formatSwedishDate(stay.stay.to));
  heading('Beslut');
  row('Beslutsdatum', formatSwedishDate(stay.decidedOn));
  row('Målsättning', decision.goal);
  stay.insatser.forEach((insats, i) => {
    heading(`Insats ${i + 1}: ${INSATS_LABELS[insats.type]}`, 11);
    row('Beskrivning', decision.descriptions[i] ?? '');
    row('Omfattning', `${String(insats.scope.amount).replace('.', ',')} ${SCOPE_UNIT_LABELS[insats.scope.unit]}`);
    row('Ersättning', `${insats.rate.amountSek.toLocaleString('sv-SE')} kr ${RATE_PERIOD_LABELS[insats.rate.per]} (avtalat pris)`);
  });
  heading('Tidrapporter och kontakt');
  row('Tidrapport per månad', `Lämnas senast ${dueRuleLabel(stay.reportDue)}, till ${stay.orderer.email}, med vår referens ${stay.reference}.`);
  row('Er kontaktperson', [stay.contact.name, stay.contact.email, stay.contact.phone].filter(Boolean).join(', '));

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const footer = `Sida ${i + 1} av ${pages.length}`;
    p.drawText(footer, { x: WIDTH - MARGIN - regular.widthOfTextAtSize(footer, 8), y: MARGIN / 2, size: 8, font: regular, color: GREY });
    p.drawText(pdfSafeText(`Beställning ${stay.reference} – innehåller personuppgifter`, regular), { x: MARGIN, y: MARGIN / 2, size: 8, font: regular, color: GREY });
  });
  return { fileName: `bestallning-${stay.reference}.pdf`, body: await doc.save() };
}
