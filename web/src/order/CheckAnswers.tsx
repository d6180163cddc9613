import { useRef, useState, type ReactNode } from 'react';
import { useFormContext } from 'react-hook-form';
import { CONFIRMED_WARNING_CODES } from '../../../shared/api';
import { insatsWarnings } from '../../../shared/order-warnings';
import { SummaryRow as Row } from '../summary-list';
import { formatSwedishDate, isIsoDate } from '../../../shared/dates';
import type { IntakeOptions } from '../../../shared/intake-options';
import type { OrderInput } from '../../../shared/order';
import { Link } from '../router';
import { formatNumber, insatsLabel, ratePeriodLabel, scopeUnitLabel } from './labels';
import { NO_CHOICE_LABEL } from './StepProvider';
import { stepPath, type StepSlug } from './steps';
import { Warnings } from './Warnings';
import { addressWarningFor, warningsFor } from './warnings-for';

interface Props {
  options: IntakeOptions;
  values: OrderInput;
  today: string;
  sending: boolean;
  onSend: () => void;
}

const NOT_GIVEN = 'Inte ifyllt';

function text(value: unknown): string {
  return typeof value === 'string' && value.trim() ? value.trim() : NOT_GIVEN;
}

function date(value: unknown): string {
  return typeof value === 'string' && isIsoDate(value) ? formatSwedishDate(value) : text(value);
}

function yesNo(value: unknown): string {
  return value === true ? 'Ja' : value === false ? 'Nej' : NOT_GIVEN;
}


function Group({ title, slug, what, children }: { title: string; slug: StepSlug; what: string; children: ReactNode }) {
  return (
    <section className="summary-card" aria-labelledby={`h-${slug}`}>
      <div className="summary-card__header">
        <h2 className="summary-card__title" id={`h-${slug}`}>
          {title}
        </h2>
        <Link className="summary-card__change" href={`${stepPath(slug)}?tillbaka=kontrollera`}>
          Ändra<span className="visually-hidden"> {what}</span>
        </Link>
      </div>
      <dl className="summary-list">{children}</dl>
    </section>
  );
}

export function CheckAnswers({ options, values, today, sending, onSend }: Props) {
  const { homeMunicipality, orderer, billing, person, stay, decision, provider } = values;
  const area = { municipalityName: options.municipality.name, postalCodes: options.districts.flatMap((d) => d.postalCodes) };
  const checks = options.rules.orderChecks;
  const warnings = [
    ...addressWarningFor(person?.stayAddress?.postalCode, area),
    ...warningsFor(stay, today, options.rules.leadTimeDays, checks.maxStayMonths),
    ...insatsWarnings((decision?.insatser ?? []) as { type?: unknown; rate?: { amountSek?: unknown; per?: unknown } }[], checks.plausibleRates),
  ];
  // A long stay, an unusual rate, an insats twice: the orderer says they checked before the order goes.
  const toConfirm = warnings.filter((w) => (CONFIRMED_WARNING_CODES as readonly string[]).includes(w.code));
  const { setValue } = useFormContext<OrderInput>();
  const [confirmed, setConfirmed] = useState(false);
  const [unconfirmed, setUnconfirmed] = useState(false);
  const checkbox = useRef<HTMLInputElement>(null);
  const send = () => {
    if (toConfirm.length > 0 && !confirmed) {
      setUnconfirmed(true);
      checkbox.current?.focus();
      return;
    }
    setValue('confirmedWarnings' as never, (toConfirm.length > 0 ? [...new Set(toConfirm.map((w) => w.code))] : undefined) as never);
    onSend();
  };
  const relatives = person?.relatives ?? [];
  const chosen = provider?.choice === 'chosen' ? options.providers.find((p) => p.id === provider.providerId) : undefined;

  return (
    <>
      <p className="lead">Kontrollera att allt stämmer innan du skickar beställningen.</p>
      <Group title="Beställare och fakturering" slug="bestallare" what="beställare och fakturering">
        <Row label="Bosättningskommun">
          {text(homeMunicipality?.name)} (kommunkod {text(homeMunicipality?.code)})
        </Row>
        <Row label="Beställare">{text(orderer?.name)}</Row>
        <Row label="E-postadress">{text(orderer?.email)}</Row>
        <Row label="Telefonnummer">{text(orderer?.phone)}</Row>
        <Row label="Förvaltning eller enhet">{text(orderer?.unit)}</Row>
        <Row label="Fakturaadress">
          <span className="pre-line">{text(billing?.address)}</span>
        </Row>
        <Row label="Referensnummer för fakturan">{text(billing?.reference)}</Row>
      </Group>

      <Group title="Personen och vistelseadressen" slug="person" what="personen och vistelseadressen">
        <Row label="Personnummer">{text(person?.personnummer)}</Row>
        <Row label="Namn">
          {[person?.firstName, person?.lastName].filter((s) => typeof s === 'string' && s.trim()).join(' ') || NOT_GIVEN}
        </Row>
        <Row label="Skyddade personuppgifter">{yesNo(person?.protectedIdentity)}</Row>
        <Row label="Adress under vistelsen">
          {text(person?.stayAddress?.street)}
          <br />
          {text(person?.stayAddress?.postalCode)} {typeof person?.stayAddress?.city === 'string' ? person.stayAddress.city : ''}
        </Row>
        <Row label="Telefonnummer under vistelsen">{text(person?.phone)}</Row>
        <Row label="Närstående">
          {relatives.length === 0 ? (
            'Inga'
          ) : (
            <ul className="plain-list">
              {relatives.map((r, i) => (
                <li key={i}>
                  {text(r?.name)} ({text(r?.relation)}), {text(r?.phone)}
                </li>
              ))}
            </ul>
          )}
        </Row>
        <Row label="Bostaden">
          <span className="pre-line">{text(person?.housing)}</span>
        </Row>
        <Row label="Social situation">
          <span className="pre-line">{text(person?.socialSituation)}</span>
        </Row>
        <Row label="Funktionsnedsättning">
          <span className="pre-line">{text(person?.disability)}</span>
        </Row>
        <Row label="Resurser och förmågor">
          <span className="pre-line">{text(person?.abilities)}</span>
        </Row>
      </Group>

      <Group title="Vistelsen och beslutet" slug="vistelse" what="vistelsen och beslutet">
        <Row label="Vistelse">
          {date(stay?.from)} – {date(stay?.to)}
        </Row>
        <Row label="Akut">{stay?.acute ? 'Ja' : 'Nej'}</Row>
        <Row label="Beslutsdatum">{date(decision?.decidedOn)}</Row>
        <Row label="Målsättning">
          <span className="pre-line">{text(decision?.goal)}</span>
        </Row>
        {(decision?.insatser ?? []).map((insats, i) => (
          <Row key={i} label={`Insats ${i + 1}`}>
            <strong>{insatsLabel(insats?.type)}</strong>
            <br />
            Omfattning: {formatNumber(insats?.scope?.amount) || NOT_GIVEN} {scopeUnitLabel(insats?.scope?.unit)}
            <br />
            Ersättning: {formatNumber(insats?.rate?.amountSek) ? `${formatNumber(insats?.rate?.amountSek)} kr` : NOT_GIVEN}{' '}
            {ratePeriodLabel(insats?.rate?.per)}
            <br />
            <span className="pre-line">{text(insats?.description)}</span>
          </Row>
        ))}
      </Group>
      <Warnings warnings={warnings} />

      <Group title="Utförare" slug="utforare" what="utförare">
        <Row label="Utförare">
          {provider?.choice === 'none' ? NO_CHOICE_LABEL : chosen ? chosen.name : NOT_GIVEN}
        </Row>
      </Group>

      <h2>Skicka beställningen</h2>
      <p>
        När du skickar beställningen får du ett ärendenummer direkt, och ett kvitto med e-post till{' '}
        {typeof orderer?.email === 'string' && orderer.email.trim() ? <strong>{orderer.email.trim()}</strong> : 'din e-postadress'}.
      </p>
      {toConfirm.length > 0 && (
        <div className={`form-group${unconfirmed ? ' form-group--error' : ''}`}>
          {unconfirmed && (
            <p className="error-message" id="confirmedWarnings-error" role="alert">
              <span className="visually-hidden">Fel: </span>Bekräfta att du har kontrollerat det som står under Observera.
            </p>
          )}
          <div className="checkbox">
            <input
              ref={checkbox}
              className="checkbox__input"
              type="checkbox"
              id="confirmedWarnings"
              checked={confirmed}
              aria-describedby={unconfirmed ? 'confirmedWarnings-error' : undefined}
              onChange={(e) => {
                setConfirmed(e.target.checked);
                if (e.target.checked) setUnconfirmed(false);
              }}
            />
            <label className="checkbox__label" htmlFor="confirmedWarnings">
              Jag har kontrollerat det som står under Observera, och uppgifterna stämmer
            </label>
          </div>
        </div>
      )}
      <button type="button" className="button" onClick={send} disabled={sending} aria-disabled={sending || undefined}>
        {sending ? 'Skickar …' : 'Skicka beställningen'}
      </button>
      <p className="visually-hidden" role="status">
        {sending ? 'Beställningen skickas.' : ''}
      </p>
    </>
  );
}
