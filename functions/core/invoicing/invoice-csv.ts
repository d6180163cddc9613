/**
 * The invoice basis as a CSV file for Swedish Excel (semicolon, decimal comma, UTF-8 with BOM).
 *
 * It shows what shared/invoice-basis.ts computed, nothing more: amounts are never recomputed here,
 * and quantities in hours are display text (the amount comes from the exact minutes). It holds no
 * personal data, because the basis holds none.
 */import { stringify } from 'csv-stringify/sync';
import { RATE_PERIOD_LABELS } from '../../../shared/insatser';
import {
  CHARGE_LABELS,
  isFee,
  lineLabel,
  formatOreForCsv,
  formatQuantity,
  reportUnitFor,
  reportUnitLabel,
  type InvoiceBasis,
  type InvoiceGroup,
  type InvoiceLine,
} from '../../../shared/invoice-basis';


// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

export const CSV_HEADER = [
  'Hemkommun',
  'Kommunkod',
  'Fakturaadress',
  'Er referens',
  'Ärende',
  'Insats',
  'Månad',
  'Antal',
  'Enhet',
  'Minuter',
  'À-pris (kr)',
  'Per',
  'Belopp (kr)',
] as const;

/**
 * A text cell made safe from CSV formula injection: a cell that starts with `=`, `+`, `-`, `@`, tab or
 * carriage return would be read as a formula by Excel, so it gets a leading `'`. Our own numeric
 * cells (quantities, minutes, rates, amounts) are written as they are: they are numbers we formatted.
 */
export function neutraliseCsvText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

type CsvRow = string[];

/** One row of CSV_HEADER's columns: text cells neutralised, numeric cells as given. */
function row(cells: Partial<Record<(typeof CSV_HEADER)[number], string>>, numeric: ReadonlySet<string>): CsvRow {
  return CSV_HEADER.map((column) => {
    const value = cells[column] ?? '';
    return numeric.has(column) ? value : neutraliseCsvText(value);
  });
}

const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(['Antal', 'Minuter', 'À-pris (kr)', 'Belopp (kr)']);

function lineRow(line: InvoiceLine): CsvRow {
  const unit = reportUnitFor(line.rate.per);
  if (isFee(line)) {
    const label = CHARGE_LABELS[line.charge!];
    return row(
      {
        Hemkommun: line.homeMunicipality.name,
        Kommunkod: line.homeMunicipality.code,
        Fakturaadress: line.billingAddress,
        'Er referens': line.invoiceReference,
        Ärende: line.caseReference,
        Insats: label.line,
        Månad: line.month,
        Antal: String(line.quantity),
        Enhet: label.unit,
        'À-pris (kr)': formatOreForCsv(line.rate.amountOre),
        Per: label.unit,
        'Belopp (kr)': formatOreForCsv(line.amountOre),
      },
      NUMERIC_COLUMNS,
    );
  }
  return row(
    {
      Hemkommun: line.homeMunicipality.name,
      Kommunkod: line.homeMunicipality.code,
      Fakturaadress: line.billingAddress,
      'Er referens': line.invoiceReference,
      Ärende: line.caseReference,
      Insats: lineLabel(line),
      Månad: line.month,
      Antal: formatQuantity(line.quantity, unit, 'csv'),
      Enhet: reportUnitLabel(unit, line.insatsType),
      Minuter: unit === 'minutes' ? String(line.quantity) : '',
      'À-pris (kr)': formatOreForCsv(line.rate.amountOre),
      Per: RATE_PERIOD_LABELS[line.rate.per],
      'Belopp (kr)': formatOreForCsv(line.amountOre),
    },
    NUMERIC_COLUMNS,
  );
}

function groupTotalRow(group: InvoiceGroup): CsvRow {
  return row(
    {
      Hemkommun: `Summa ${group.homeMunicipality.name}`,
      Kommunkod: group.homeMunicipality.code,
      Fakturaadress: group.billingAddress,
      'Belopp (kr)': formatOreForCsv(group.totalOre),
    },
    NUMERIC_COLUMNS,
  );
}

/**
 * The invoice basis as CSV for Swedish Excel: UTF-8 with a byte order mark, `;` between cells, CRLF
 * between rows, decimal comma, the Swedish header row CSV_HEADER, one row per line, then one total row
 * per home municipality ("Summa <kommun>") and a grand total row ("Summa totalt").
 *
 * Antal is hours with two decimals for time (display; the exact minutes are in Minuter, and the amount
 * is computed from them), visits, portions or days otherwise.
 */
export function invoiceBasisCsv(basis: InvoiceBasis): string {
  const rows: CsvRow[] = [[...CSV_HEADER]];
  for (const group of basis.groups) for (const line of group.lines) rows.push(lineRow(line));
  for (const group of basis.groups) rows.push(groupTotalRow(group));
  rows.push(row({ Hemkommun: 'Summa totalt', 'Belopp (kr)': formatOreForCsv(basis.totalOre) }, NUMERIC_COLUMNS));
  return stringify(rows, { delimiter: ';', bom: true, record_delimiter: 'windows' });
}
