/**
 * The invoice basis as a printable PDF (pdf-lib, its standard fonts; A4, page numbers). Kept apart
 * from the CSV so that only the PDF's function carries pdf-lib.
 */import { PDFDocument, PageSizes, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { RatePeriod } from '../../../shared/insatser';
import {
  CHARGE_LABELS,
  isFee,
  lineLabel,
  formatOre,
  formatQuantity,
  monthInWords,
  reportUnitFor,
  reportUnitLabel,
  type InvoiceBasis,
  type InvoiceGroup,
  type InvoiceLine,
} from '../../../shared/invoice-basis';



// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

/** Characters outside the fonts' WinAnsi encoding that have a close stand-in. */
const FALLBACKS: Record<string, string> = {
  '\u2212': '-', // minus sign
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '—',
  '\u2009': ' ', // thin space
  '\u202f': '\u00a0', // narrow no-break space
  '\u2007': '\u00a0', // figure space
  '\u200b': '', // zero-width space
  '\u200d': '',
  '\ufeff': '',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
  '\u2044': '/',
  '\u2032': "'",
  '\u2033': '"',
};

/**
 * `text` with only characters `font` can encode (the standard fonts use WinAnsi: å ä ö é à and the en
 * dash are there, Ł or emoji are not). Line breaks and tabs become spaces; a character the font lacks
 * becomes a close stand-in ('−' → '-', 'ł' → 'l', 'ő' → 'o' by dropping its accent) or '?', so that
 * an unexpected name never makes the PDF fail.
 */
export function pdfSafeText(text: string, font: PDFFont): string {
  const supported = characterSet(font);
  let out = '';
  for (const ch of text.normalize('NFC').replace(/[\t\r\n\v\f\u2028\u2029]+/g, ' ')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (supported.has(cp)) {
      out += ch;
      continue;
    }
    const fallback = FALLBACKS[ch];
    if (fallback !== undefined && [...fallback].every((c) => supported.has(c.codePointAt(0) ?? 0))) {
      out += fallback;
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    out += base !== '' && [...base].every((c) => supported.has(c.codePointAt(0) ?? 0)) ? base : '?';
  }
  return out;
}

const characterSets = new WeakMap<PDFFont, ReadonlySet<number>>();
function characterSet(font: PDFFont): ReadonlySet<number> {
  let set = characterSets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    characterSets.set(font, set);
  }
  return set;
}

const PER_SHORT: Record<RatePeriod, string> = { hour: 'tim', visit: 'besök', day: 'dag', month: 'mån' };

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
const MARGIN_X = 50;
const MARGIN_TOP = 56;
const MARGIN_BOTTOM = 60;
const FOOTER_Y = 32;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const TABLE_SIZE = 9;
const ROW_HEIGHT = 14;
const CELL_LINE_HEIGHT = 11;
const CELL_GAP = 6;
const GREY = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.6, 0.6, 0.6);

interface Column {
  header: string;
  width: number;
  /** Right-aligned columns hold numbers, which are never cut short. */
  align: 'left' | 'right';
  cell: (line: InvoiceLine) => string;
}

const COLUMNS: Column[] = [
  { header: 'Ärende', width: 74, align: 'left', cell: (l) => l.caseReference },
  { header: 'Er referens', width: 110, align: 'left', cell: (l) => l.invoiceReference },
  { header: 'Insats', width: 74, align: 'left', cell: (l) => lineLabel(l) },
  {
    header: 'Antal',
    width: 72,
    align: 'right',
    cell: (l) => {
      if (isFee(l)) return `${l.quantity} ${CHARGE_LABELS[l.charge!].unit}`;
      const unit = reportUnitFor(l.rate.per);
      return `${formatQuantity(l.quantity, unit)} ${reportUnitLabel(unit, l.insatsType)}`;
    },
  },
  { header: 'À-pris', width: 96, align: 'right', cell: (l) => `${formatOre(l.rate.amountOre)} kr/${isFee(l) ? CHARGE_LABELS[l.charge!].unit : PER_SHORT[l.rate.per]}` },
  { header: 'Belopp (kr)', width: CONTENT_WIDTH - (74 + 110 + 74 + 72 + 96), align: 'right', cell: (l) => formatOre(l.amountOre) },
];

/**
 * The invoice basis as an A4 PDF in Swedish: title, stay municipality, when it was generated and that
 * it holds no personal data; per home municipality a heading (name and kommunkod), the billing address,
 * a table (Ärende, Er referens, Insats, Antal, À-pris, Belopp) with right-aligned numbers and the
 * municipality's total; the grand total at the end. Tables that run over a page repeat their header,
 * and every page has a "Sida N av M" footer. The document's title and language (sv-SE) are set.
 *
 * `generatedAt` is text already formatted for people (the caller owns the clock). The PDF carries no
 * creation date of its own, so the same basis gives the same bytes.
 */
export async function invoiceBasisPdf(basis: InvoiceBasis, meta: { generatedAt: string }): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const monthText = monthInWords(basis.month);
  const title = `Fakturaunderlag ${monthText}`;
  const docTitle = `${title} – ${basis.stayMunicipality.name}`;

  doc.setTitle(docTitle, { showInWindowTitleBar: true });
  doc.setLanguage('sv-SE');
  doc.setSubject(`Fakturaunderlag från ${basis.stayMunicipality.name} (${basis.stayMunicipality.code}) för ${monthText}`);
  doc.setCreator('Vistelse');
  doc.setProducer('Vistelse');

  let page: PDFPage = doc.addPage(PageSizes.A4);
  let y = PAGE_HEIGHT - MARGIN_TOP;

  const fit = (text: string, font: PDFFont, size: number, maxWidth: number): string => {
    let safe = pdfSafeText(text, font);
    if (font.widthOfTextAtSize(safe, size) <= maxWidth) return safe;
    while (safe.length > 0 && font.widthOfTextAtSize(`${safe}…`, size) > maxWidth) safe = safe.slice(0, -1);
    return `${safe.trimEnd()}…`;
  };
  /**
   * Draws one line of text at (x, y), or ending at x when right-aligned. Text wider than `maxWidth` is
   * cut with '…', except numbers (`shrink`), which are never cut: their font gets smaller instead.
   */
  const text = (
    value: string,
    x: number,
    opts: { font?: PDFFont; size?: number; maxWidth?: number; align?: 'left' | 'right'; color?: ReturnType<typeof rgb>; shrink?: boolean } = {},
  ) => {
    const font = opts.font ?? regular;
    const maxWidth = opts.maxWidth ?? CONTENT_WIDTH;
    let size = opts.size ?? 10;
    let fitted: string;
    if (opts.shrink) {
      fitted = pdfSafeText(value, font);
      const width = font.widthOfTextAtSize(fitted, size);
      if (width > maxWidth) size = Math.max(4, (size * maxWidth) / width);
    } else fitted = fit(value, font, size, maxWidth);
    const left = opts.align === 'right' ? x - font.widthOfTextAtSize(fitted, size) : x;
    page.drawText(fitted, { x: left, y, size, font, color: opts.color });
  };
  /** `value` in lines that fit `maxWidth`: broken between words, and inside a word longer than a line. */
  const wrap = (value: string, font: PDFFont, size: number, maxWidth: number): string[] => {
    const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= maxWidth;
    const lines: string[] = [];
    for (const paragraph of value.split(/\r\n|\r|\n/)) {
      let current = '';
      for (const word of pdfSafeText(paragraph, font).split(' ').filter((w) => w !== '')) {
        const candidate = current === '' ? word : `${current} ${word}`;
        if (fits(candidate)) {
          current = candidate;
          continue;
        }
        if (current !== '') lines.push(current);
        current = '';
        for (const ch of word) {
          if (current !== '' && !fits(current + ch)) {
            lines.push(current);
            current = '';
          }
          current += ch;
        }
      }
      if (current !== '') lines.push(current);
    }
    return lines;
  };
  const newPage = () => {
    page = doc.addPage(PageSizes.A4);
    y = PAGE_HEIGHT - MARGIN_TOP;
  };
  /** Starts a new page unless `height` points still fit above the footer; true when it did. */
  const ensure = (height: number): boolean => {
    if (y - height >= MARGIN_BOTTOM) return false;
    newPage();
    return true;
  };
  const rule = (thickness = 0.5, at = y) => {
    page.drawLine({ start: { x: MARGIN_X, y: at }, end: { x: MARGIN_X + CONTENT_WIDTH, y: at }, thickness, color: RULE });
  };
  const tableHeader = () => {
    let x = MARGIN_X;
    for (const column of COLUMNS) {
      const maxWidth = column.width - CELL_GAP;
      text(column.header, column.align === 'right' ? x + column.width : x, { font: bold, size: TABLE_SIZE, maxWidth, align: column.align });
      x += column.width;
    }
    y -= 4;
    rule();
    y -= ROW_HEIGHT - 4;
  };
  const groupHeading = (group: InvoiceGroup, continued: boolean) => {
    const { name, code } = group.homeMunicipality;
    text(`${name} (kommunkod ${code})${continued ? ', forts.' : ''}`, MARGIN_X, { font: bold, size: 12 });
    y -= 16;
  };

  // The head of the document.
  text(title, MARGIN_X, { font: bold, size: 18 });
  y -= 24;
  text(`Vistelsekommun: ${basis.stayMunicipality.name} (kommunkod ${basis.stayMunicipality.code})`, MARGIN_X);
  y -= 14;
  text(`Skapat: ${meta.generatedAt}`, MARGIN_X);
  y -= 14;
  text('Underlaget innehåller inga personuppgifter.', MARGIN_X);
  y -= 14;
  text(`${basis.lineCount} rader, ${basis.groups.length} hemkommuner.`, MARGIN_X, { color: GREY });
  y -= 24;

  if (basis.groups.length === 0) {
    text('Inga godkända underlag för månaden.', MARGIN_X);
    y -= 24;
  }

  for (const group of basis.groups) {
    const address = wrap(group.billingAddress, regular, 10, CONTENT_WIDTH - 80);
    // Heading, address, table header and at least one row stay together.
    ensure(16 + Math.max(1, address.length) * 13 + 6 + 2 * ROW_HEIGHT);
    groupHeading(group, false);
    text('Fakturaadress:', MARGIN_X, { color: GREY });
    if (address.length === 0) y -= 13;
    for (const addressLine of address) {
      text(addressLine, MARGIN_X + 80, { maxWidth: CONTENT_WIDTH - 80 });
      y -= 13;
    }
    y -= 6;
    tableHeader();
    for (const line of group.lines) {
      // Text cells wrap (a reference is never cut short); numbers stay on one line.
      const cells = COLUMNS.map((column) =>
        column.align === 'right' ? [column.cell(line)] : wrap(column.cell(line), regular, TABLE_SIZE, column.width - CELL_GAP),
      );
      const extraLines = Math.max(0, ...cells.map((c) => c.length - 1));
      if (ensure(ROW_HEIGHT + extraLines * CELL_LINE_HEIGHT)) {
        groupHeading(group, true);
        tableHeader();
      }
      const top = y;
      let x = MARGIN_X;
      COLUMNS.forEach((column, i) => {
        const right = column.align === 'right';
        cells[i].forEach((cellLine, k) => {
          y = top - k * CELL_LINE_HEIGHT;
          text(cellLine, right ? x + column.width : x, { size: TABLE_SIZE, maxWidth: column.width - CELL_GAP, align: column.align, shrink: right });
        });
        x += column.width;
      });
      y = top - ROW_HEIGHT - extraLines * CELL_LINE_HEIGHT;
    }
    if (ensure(ROW_HEIGHT + 6)) groupHeading(group, true);
    rule(0.5, y + ROW_HEIGHT - 4);
    y -= 4;
    text(`Summa ${group.homeMunicipality.name}`, MARGIN_X, { font: bold, size: 10, maxWidth: CONTENT_WIDTH - 140 });
    text(`${formatOre(group.totalOre)} kr`, MARGIN_X + CONTENT_WIDTH, { font: bold, size: 10, maxWidth: 140, align: 'right', shrink: true });
    y -= 30;
  }

  ensure(30);
  rule(1);
  y -= 18;
  text('Summa totalt att fakturera', MARGIN_X, { font: bold, size: 12 });
  text(`${formatOre(basis.totalOre)} kr`, MARGIN_X + CONTENT_WIDTH, { font: bold, size: 12, maxWidth: 200, align: 'right', shrink: true });

  const pages = doc.getPages();
  pages.forEach((p, index) => {
    const footer = pdfSafeText(`Sida ${index + 1} av ${pages.length}`, regular);
    p.drawText(footer, { x: MARGIN_X + CONTENT_WIDTH - regular.widthOfTextAtSize(footer, 8), y: FOOTER_Y, size: 8, font: regular, color: GREY });
    p.drawText(fit(docTitle, regular, 8, CONTENT_WIDTH - 80), { x: MARGIN_X, y: FOOTER_Y, size: 8, font: regular, color: GREY });
  });

  return doc.save();
}
