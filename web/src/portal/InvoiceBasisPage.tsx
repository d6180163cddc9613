import { useEffect, useRef, useState, type FormEvent } from 'react';
import { RATE_PERIOD_LABELS } from '../../../shared/insatser';
import { CHARGE_LABELS, formatOre, isFee, lineLabel, formatQuantity, reportUnitFor, reportUnitLabel, type InvoiceBasis, type InvoiceLine } from '../../../shared/invoice-basis';
import { monthLabel } from '../../../shared/time-reports';
import { useDocumentTitle } from '../hooks';
import { navigate, useLocation } from '../router';
import { portalGet, PortalError } from './api';
import { portalTitle } from './PortalApp';

const MONTH = /^20\d\d-(0[1-9]|1[0-2])$/;

/** The month before this one, `YYYY-MM`: what is usually invoiced now. */
function previousMonth(today = new Date()): string {
  const year = today.getMonth() === 0 ? today.getFullYear() - 1 : today.getFullYear();
  const month = today.getMonth() === 0 ? 12 : today.getMonth();
  return `${year}-${String(month).padStart(2, '0')}`;
}

const kronor = (ore: number) => `${formatOre(ore)} kr`;

function quantityText(line: InvoiceLine): string {
  if (isFee(line)) return `${line.quantity} ${CHARGE_LABELS[line.charge!].unit}`;
  const unit = reportUnitFor(line.rate.per);
  return `${formatQuantity(line.quantity, unit)} ${reportUnitLabel(unit, line.insatsType)}`;
}

/**
 * **Fakturaunderlag** (`/portal/fakturaunderlag?manad=YYYY-MM`): what the municipality invoices each
 * home municipality for a month, from the approved time reports — for the economy assistants and
 * the fee administrators. No personal data: case references, the home municipality's references,
 * quantities and amounts.
 */
export function InvoiceBasisPage() {
  const { search } = useLocation();
  const asked = new URLSearchParams(search).get('manad');
  const month = asked ?? previousMonth();
  const valid = MONTH.test(month);
  const [picked, setPicked] = useState(month);
  const [pickError, setPickError] = useState<string>();
  const [result, setResult] = useState<{ month: string; basis?: InvoiceBasis; failure?: { status: number; message: string } }>();
  const pickRef = useRef<HTMLInputElement>(null);
  useDocumentTitle(portalTitle(valid ? `Fakturaunderlag ${monthLabel(month)}` : 'Fakturaunderlag'));

  useEffect(() => {
    setPicked(month);
    setPickError(valid ? undefined : 'Ange månad som ÅÅÅÅ-MM, till exempel 2026-12');
    if (!valid) return;
    let live = true;
    portalGet<InvoiceBasis>(`/portal/invoice-basis?month=${month}`).then(
      (basis) => live && setResult({ month, basis }),
      (e: PortalError) => live && setResult({ month, failure: { status: e.status, message: e.message } }),
    );
    return () => {
      live = false;
    };
  }, [month, valid]);

  const show = (event: FormEvent) => {
    event.preventDefault();
    if (!MONTH.test(picked)) {
      setPickError('Ange månad som ÅÅÅÅ-MM, till exempel 2026-12');
      pickRef.current?.focus();
      return;
    }
    setPickError(undefined);
    navigate(`/portal/fakturaunderlag?manad=${picked}`);
  };

  const current = result?.month === month ? result : undefined;
  const basis = valid ? current?.basis : undefined;
  const failure = valid ? current?.failure : undefined;
  const fileLink = (kind: 'csv' | 'pdf') => `/api/portal/invoice-basis/${kind}?month=${month}`;

  return (
    <>
      <h1>Fakturaunderlag</h1>
      <p>Underlaget bygger på de tidrapporter som handläggarna har godkänt, med bosättningskommunens egna priser.</p>
      <form className="month-picker" method="get" action="/portal/fakturaunderlag" onSubmit={show} noValidate>
        <div className={`form-group${pickError ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="manad">
            Månad
          </label>
          <div className="hint" id="manad-hint">
            ÅÅÅÅ-MM, till exempel 2026-12
          </div>
          {pickError && (
            <p className="error-message" id="manad-error">
              <span className="visually-hidden">Fel: </span>
              {pickError}
            </p>
          )}
          <input
            ref={pickRef}
            className={`input input--w-12${pickError ? ' input--error' : ''}`}
            type="month"
            id="manad"
            name="manad"
            value={picked}
            aria-describedby={pickError ? 'manad-hint manad-error' : 'manad-hint'}
            aria-invalid={pickError ? true : undefined}
            onChange={(e) => setPicked(e.target.value)}
          />
        </div>
        <button className="button" type="submit">
          Visa
        </button>
      </form>

      {valid && !current && (
        <p role="status" className="loading">
          Hämtar fakturaunderlaget …
        </p>
      )}
      {failure && (
        <div className="notice notice--error" role="alert">
          <p>{failure.status === 403 ? 'Fakturaunderlaget är för ekonomiassistenter och avgiftshandläggare.' : failure.message}</p>
        </div>
      )}
      {basis && (
        <section aria-labelledby="basis-title">
          <h2 id="basis-title">Underlag för {monthLabel(basis.month)}</h2>
          <p>Underlaget innehåller inga personuppgifter.</p>
          {basis.lineCount === 0 ? (
            <p>Det finns inga godkända tidrapporter för {monthLabel(basis.month)}. Underlaget är tomt.</p>
          ) : (
            <>
              <p>
                {basis.stayMunicipality.name} fakturerar {basis.groups.length === 1 ? 'en bosättningskommun' : `${basis.groups.length} bosättningskommuner`}, {basis.lineCount === 1 ? 'en rad' : `${basis.lineCount} rader`}.
              </p>
              {basis.groups.map((group, i) => (
                <Group key={`${group.homeMunicipality.code}-${group.billingAddress}`} group={group} index={i} month={basis.month} />
              ))}
              <p className="invoice-total">Totalt för {monthLabel(basis.month)}: {kronor(basis.totalOre)}</p>
              <ul className="plain-list download-links">
                <li>
                  <a href={fileLink('csv')} download>
                    Ladda ner CSV (Excel)
                  </a>
                </li>
                <li>
                  <a href={fileLink('pdf')} download>
                    Ladda ner PDF
                  </a>
                </li>
              </ul>
            </>
          )}
        </section>
      )}
    </>
  );
}

function Group({ group, index, month }: { group: InvoiceBasis['groups'][number]; index: number; month: string }) {
  const id = `invoice-group-${index}`;
  return (
    <section aria-labelledby={id} className="invoice-group">
      <h3 id={id}>
        {group.homeMunicipality.name} ({group.homeMunicipality.code})
      </h3>
      <p className="caption">Fakturaadress: {group.billingAddress}</p>
      <table className="table invoice-table">
        <caption className="visually-hidden">
          Fakturaunderlag för {group.homeMunicipality.name}, {monthLabel(month)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Ärende</th>
            <th scope="col">Er referens</th>
            <th scope="col">Insats</th>
            <th scope="col" className="numeric">
              Antal
            </th>
            <th scope="col" className="numeric">
              À-pris
            </th>
            <th scope="col" className="numeric">
              Belopp
            </th>
          </tr>
        </thead>
        <tbody>
          {group.lines.map((line, i) => (
            <tr key={i}>
              <td>{line.caseReference}</td>
              <td>{line.invoiceReference}</td>
              <td>{lineLabel(line)}</td>
              <td className="numeric">{quantityText(line)}</td>
              <td className="numeric">
                {kronor(line.rate.amountOre)} {isFee(line) ? `per ${CHARGE_LABELS[line.charge!].unit}` : RATE_PERIOD_LABELS[line.rate.per]}
              </td>
              <td className="numeric">{kronor(line.amountOre)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={5}>
              Summa {group.homeMunicipality.name}
            </th>
            <td className="numeric">{kronor(group.totalOre)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
