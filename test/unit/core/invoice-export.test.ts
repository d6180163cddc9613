import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, invoiceBasisCsv, neutraliseCsvText } from '../../../functions/core/invoicing/invoice-csv';
import { invoiceBasisPdf, pdfSafeText } from '../../../functions/core/invoicing/invoice-pdf';
import { invoiceBasis, type ApprovedQuantity } from '../../../shared/invoice-basis';

const SUNDBYBERG = { code: '0183', name: 'Sundbyberg' };
const SOLNA = { code: '0184', name: 'Solna' };
const OSTERSUND = { code: '2380', name: 'Östersund' };

function approved(overrides: Partial<ApprovedQuantity> = {}): ApprovedQuantity {
  return {
    caseReference: 'TV-2026-00042',
    homeMunicipality: SOLNA,
    invoiceReference: 'SOL-4711',
    billingAddress: 'Solna stad, Fakturor, Box 123, 171 86 Solna',
    insatsType: 'hemtjanst',
    month: '2026-12',
    quantity: 1350,
    rate: { amountOre: 49500, per: 'hour' },
    daysInMonth: 31,
    ...overrides,
  };
}

const basis = invoiceBasis('2026-12', SUNDBYBERG, [
  // 1350 × 49500 / 60 = 1 113 750 öre
  approved(),
  // 17 × 31000 / 31 = 17 000 öre
  approved({ insatsType: 'trygghetslarm', quantity: 17, rate: { amountOre: 31000, per: 'month' } }),
  // 12 × 6550 = 78 600 öre; the invoice reference is hostile
  approved({ caseReference: 'TV-2026-00050', insatsType: 'matdistribution', invoiceReference: '=HYPERLINK("http://evil.example","x")', quantity: 12, rate: { amountOre: 6550, per: 'visit' } }),
  // 20 × 33333 / 60 = 11 111 öre
  approved({ homeMunicipality: OSTERSUND, billingAddress: 'Östersunds kommun; Fakturor, 831 82 Östersund', invoiceReference: '-ÖST 1', caseReference: 'TV-2026-00007', quantity: 20, rate: { amountOre: 33333, per: 'hour' } }),
]);

/** Rows of the CSV, split as Excel would for these simple cells (one quoted cell with a `;` is joined back). */
function parseCsv(csv: string): string[][] {
  return csv
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cells: string[] = [];
      for (const match of line.matchAll(/("(?:[^"]|"")*"|[^;]*)(;|$)/g)) {
        cells.push(match[1].startsWith('"') ? match[1].slice(1, -1).replaceAll('""', '"') : match[1]);
        if (match[2] === '') break;
      }
      return cells;
    });
}

describe('invoiceBasisCsv', () => {
  const csv = invoiceBasisCsv(basis);
  const rows = parseCsv(csv);
  const column = (name: (typeof CSV_HEADER)[number]) => CSV_HEADER.indexOf(name);

  it('is UTF-8 with a BOM, semicolons and CRLF for Swedish Excel, with the Swedish header', () => {
    expect(csv.startsWith('\ufeffHemkommun;Kommunkod;Fakturaadress;Er referens;Ärende;Insats;Månad;Antal;Enhet;Minuter;À-pris (kr);Per;Belopp (kr)\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(rows.every((r) => r.length === 13)).toBe(true);
  });

  it('writes a row per line with decimal commas: hours for display, the exact minutes beside them', () => {
    expect(rows.slice(1, 5)).toEqual([
      ['Solna', '0184', 'Solna stad, Fakturor, Box 123, 171 86 Solna', 'SOL-4711', 'TV-2026-00042', 'Hemtjänst', '2026-12', '22,50', 'timmar', '1350', '495,00', 'per timme', '11137,50'],
      ['Solna', '0184', 'Solna stad, Fakturor, Box 123, 171 86 Solna', 'SOL-4711', 'TV-2026-00042', 'Trygghetslarm', '2026-12', '17', 'dagar', '', '310,00', 'per månad', '170,00'],
      ['Solna', '0184', 'Solna stad, Fakturor, Box 123, 171 86 Solna', `'=HYPERLINK("http://evil.example","x")`, 'TV-2026-00050', 'Matdistribution', '2026-12', '12', 'portioner', '', '65,50', 'per besök', '786,00'],
      ['Östersund', '2380', 'Östersunds kommun; Fakturor, 831 82 Östersund', "'-ÖST 1", 'TV-2026-00007', 'Hemtjänst', '2026-12', '0,33', 'timmar', '20', '333,33', 'per timme', '111,11'],
    ]);
  });

  it('neutralises cells that Excel would read as formulas, and quotes what needs quoting', () => {
    expect(csv).toContain(`;"'=HYPERLINK(""http://evil.example"",""x"")";`);
    expect(csv).toContain(';"Östersunds kommun; Fakturor, 831 82 Östersund";');
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'ok', '', '1-2'].map(neutraliseCsvText)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'ok',
      '',
      '1-2',
    ]);
    const textColumns = CSV_HEADER.filter((c) => !['Antal', 'Minuter', 'À-pris (kr)', 'Belopp (kr)'].includes(c)).map((c) => CSV_HEADER.indexOf(c));
    for (const row of rows) for (const i of textColumns) expect(row[i]).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('ends with a total per home municipality and a grand total that add up', () => {
    const toOre = (kr: string) => Number(kr.replace(',', ''));
    const lines = rows.slice(1, 1 + basis.lineCount);
    const totals = rows.slice(1 + basis.lineCount);
    expect(totals.map((r) => [r[0], r[1], r[column('Belopp (kr)')]])).toEqual([
      ['Summa Solna', '0184', '12093,50'], // 1 113 750 + 17 000 + 78 600 = 1 209 350 öre
      ['Summa Östersund', '2380', '111,11'],
      ['Summa totalt', '', '12204,61'], // 1 209 350 + 11 111 = 1 220 461 öre
    ]);
    const sumOf = (name: string) => lines.filter((r) => r[0] === name).reduce((s, r) => s + toOre(r[column('Belopp (kr)')]), 0);
    expect(sumOf('Solna')).toBe(toOre(totals[0][column('Belopp (kr)')]));
    expect(sumOf('Östersund')).toBe(toOre(totals[1][column('Belopp (kr)')]));
    expect(toOre(totals[2][column('Belopp (kr)')])).toBe(basis.totalOre);
  });

  it('writes just the header and a zero total for an empty month', () => {
    const empty = invoiceBasisCsv(invoiceBasis('2026-12', SUNDBYBERG, []));
    expect(parseCsv(empty)).toEqual([[...CSV_HEADER], ['Summa totalt', '', '', '', '', '', '', '', '', '', '', '', '0,00']]);
  });
});

describe('invoiceBasisPdf', () => {
  const META = { generatedAt: '2027-01-04 kl. 09:15' };

  it('is a one-page PDF in Swedish with title and language set', async () => {
    const bytes = await invoiceBasisPdf(basis, META);
    expect(new TextDecoder('latin1').decode(bytes.slice(0, 5))).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Fakturaunderlag december 2026 – Sundbyberg');
    expect(doc.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('sv-SE');
    const [width, height] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
  });

  it('is the same bytes for the same basis (no clock inside)', async () => {
    expect(Buffer.from(await invoiceBasisPdf(basis, META)).equals(Buffer.from(await invoiceBasisPdf(basis, META)))).toBe(true);
  });

  it('runs over pages as the lines grow', async () => {
    const many = invoiceBasis(
      '2026-12',
      SUNDBYBERG,
      Array.from({ length: 200 }, (_, i) =>
        approved({
          caseReference: `TV-2026-${String(i + 1).padStart(5, '0')}`,
          homeMunicipality: i % 3 === 0 ? OSTERSUND : SOLNA,
          billingAddress: i % 3 === 0 ? 'Östersunds kommun, Fakturor, 831 82 Östersund' : 'Solna stad, Fakturor, Box 123, 171 86 Solna',
        }),
      ),
    );
    const doc = await PDFDocument.load(await invoiceBasisPdf(many, META));
    // About 50 rows fit a page: 200 rows and two group headings need five or six pages.
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(5);
    expect(doc.getPageCount()).toBeLessThanOrEqual(7);
  });

  it('writes an empty month too', async () => {
    const doc = await PDFDocument.load(await invoiceBasisPdf(invoiceBasis('2026-12', SUNDBYBERG, []), META));
    expect(doc.getPageCount()).toBe(1);
  });

  it('takes Swedish characters and the en dash, and falls back rather than failing on what WinAnsi lacks', async () => {
    const swedish = invoiceBasis('2026-12', { code: '0183', name: 'Sundbyberg, Åsa Örn – Ärlig' }, [
      approved({ invoiceReference: 'Fakturaunderlag för december 2026 – Sundbyberg, Åsa Örn é à' }),
    ]);
    await expect(invoiceBasisPdf(swedish, { generatedAt: 'måndag 4 januari 2027 – 09:15' })).resolves.toBeInstanceOf(Uint8Array);

    const exotic = invoiceBasis('2026-12', { code: '0183', name: 'Łódź − 😀 中文' }, [
      approved({ invoiceReference: 'Ref\u2009Ő\u2212ł', billingAddress: 'Rad 1\nRad 2 😀\r\nRad 3\tslut' }),
    ]);
    const doc = await PDFDocument.load(await invoiceBasisPdf(exotic, { generatedAt: '4\u202fjan' }));
    expect(doc.getPageCount()).toBe(1);
  });

  it('pdfSafeText keeps what the font encodes and replaces the rest', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const swedish = 'Fakturaunderlag för december 2026 – Sundbyberg, Åsa Örn';
    expect(pdfSafeText(swedish, font)).toBe(swedish);
    expect(() => font.encodeText(swedish)).not.toThrow();
    expect(pdfSafeText('Łódź − Ő 😀 中 a\tb\nc', font)).toBe('Lódz - O ? ? a b c');
    expect(pdfSafeText('1\u2009234\u202f500', font)).toBe('1 234\u00a0500');
    for (const text of ['Łódź − Ő 😀 中', '\u0000\u0007', 'e\u0301']) expect(() => font.encodeText(pdfSafeText(text, font))).not.toThrow();
  });
});
