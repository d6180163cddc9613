import { useEffect, useState } from 'react';
import { stockholmToday } from '../../../shared/dates';
import { INSATS_LABELS, INSATS_TYPES, RATE_PERIOD_LABELS, RATE_PERIODS, SCOPE_UNIT_LABELS, SCOPE_UNITS } from '../../../shared/insatser';
import {
  invoiceReceivedSchema,
  MUNICIPALITY_OPTIONS,
  newOutgoingStaySchema,
  orderSentSchema,
  outgoingConfirmationSchema,
  OUTGOING_END_KINDS,
  OUTGOING_END_LABELS,
  outgoingEndSchema,
  reportReceivedSchema,
  SENT_BY,
  SENT_BY_LABELS,
  type OutgoingList,
  type OutgoingStayView,
} from '../../../shared/outgoing-stays';
import { loadIntakeOptions } from '../api';
import { useDocumentTitle } from '../hooks';
import { Link, navigate } from '../router';
import { SummaryRow as Row } from '../summary-list';
import { portalGet, portalPost, PortalError } from './api';
import { Done, Field, FormErrors, SelectField, useActionForm } from './forms';
import { formatDate, formatDateTime } from './labels';
import { portalTitle } from './PortalApp';

const apiPath = (reference: string) => `/portal/outgoing-stays/${encodeURIComponent(reference)}`;
export const outgoingPagePath = (reference: string) => `/portal/utgaende/${encodeURIComponent(reference)}`;

/** The inbox's **Utgående vistelser**: our residents staying elsewhere, each with its waiting reports. */
export function OutgoingStaysSection() {
  const [list, setList] = useState<OutgoingList>();
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    portalGet<OutgoingList>('/portal/outgoing-stays').then(setList, (e: Error) => setFailed(e.message));
  }, []);
  return (
    <section aria-labelledby="outgoing-title">
      <h2 id="outgoing-title">Utgående vistelser</h2>
      <p>Personer från vår kommun som vistas tillfälligt i en annan kommun. Vi är bosättningskommun: vi beställer, tar emot tidrapporterna och stämmer av fakturorna.</p>
      <p>
        <Link className="button button--secondary" href="/portal/utgaende/ny">
          Ny utgående vistelse
        </Link>
      </p>
      {failed && <p role="alert">{failed}</p>}
      {!list && !failed && (
        <p role="status" className="loading">
          Hämtar utgående vistelser …
        </p>
      )}
      {list && list.rows.length === 0 && <p>Inga utgående vistelser.</p>}
      {list && list.rows.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">Utgående vistelser: {list.rows.length}</caption>
          <thead>
            <tr>
              <th scope="col">Vistelse</th>
              <th scope="col">Vistelsekommun</th>
              <th scope="col">Period</th>
              <th scope="col">Status</th>
              <th scope="col">Tidrapporter som väntas</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <tr key={r.reference}>
                <td>
                  <Link href={outgoingPagePath(r.reference)}>{r.reference}</Link>
                  {r.protectedIdentity && <span className="tag tag--protected">Skyddade personuppgifter</span>}
                </td>
                <td>{r.stayMunicipalityName}</td>
                <td>
                  {formatDate(r.stay.from)} – {formatDate(r.stay.to)}
                </td>
                <td>
                  {r.statusLabel}
                  {r.flaggedInvoices > 0 && <span className="tag tag--overdue">{r.flaggedInvoices === 1 ? '1 faktura avviker' : `${r.flaggedInvoices} fakturor avviker`}</span>}
                </td>
                <td>
                  {r.waitingReports === 0 ? 'Inga just nu' : r.waitingReports === 1 ? '1 tidrapport' : `${r.waitingReports} tidrapporter`}
                  {r.overdueReports > 0 && <span className="tag tag--overdue">{r.overdueReports === 1 ? '1 försenad' : `${r.overdueReports} försenade`}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type InsatsField = 'type' | 'description' | 'scope.amount' | 'scope.unit' | 'rate.amountSek' | 'rate.per';
const MAX_INSATSER = 5;
const number = (text: string | undefined) => {
  const t = (text ?? '').trim().replace(',', '.').replace(/\s/g, '');
  return t === '' ? undefined : /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
};

/** `/portal/utgaende/ny`: our own municipality (its code and name) first, then the form. */
export function NewOutgoingStayRoute({ unitName }: { unitName: string }) {
  const [own, setOwn] = useState<{ code: string; name: string }>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadIntakeOptions().then((o) => setOwn(o.municipality), () => setFailed(true));
  }, []);
  if (failed) return <p role="alert">Sidan kunde inte hämtas. Ladda om sidan.</p>;
  if (!own) {
    return (
      <p role="status" className="loading">
        Hämtar …
      </p>
    );
  }
  return <NewOutgoingStayPage ownCode={own.code} ownName={own.name} unitName={unitName} />;
}

/** **Ny utgående vistelse**: the same fields as our e-service asks of an ordering municipality. */
function NewOutgoingStayPage({ ownCode, ownName, unitName }: { ownCode: string; ownName: string; unitName: string }) {
  useDocumentTitle(portalTitle('Ny utgående vistelse'));
  const [count, setCount] = useState(1);
  const form = useActionForm({
    id: 'outgoing',
    schema: newOutgoingStaySchema(ownCode),
    initial: { 'orderer.unit': unitName, 'person.protectedIdentity': 'no', 'decision.insatser.0.rate.per': 'hour', 'decision.insatser.0.scope.unit': 'hours_per_month', 'reportDue.kind': 'own' },
    prepare: (v) => ({
      orderer: { phone: v['orderer.phone'] ?? '', unit: v['orderer.unit'] ?? '' },
      billing: { address: v['billing.address'] ?? '', reference: v['billing.reference'] ?? '' },
      person: {
        personnummer: v['person.personnummer'] ?? '',
        firstName: v['person.firstName'] ?? '',
        lastName: v['person.lastName'] ?? '',
        protectedIdentity: v['person.protectedIdentity'] === 'yes',
        stayAddress: { street: v['person.stayAddress.street'] ?? '', postalCode: v['person.stayAddress.postalCode'] ?? '', city: v['person.stayAddress.city'] ?? '' },
        ...(v['person.phone']?.trim() ? { phone: v['person.phone'] } : {}),
      },
      stayMunicipalityCode: v.stayMunicipalityCode ?? '',
      stay: { from: v['stay.from'] ?? '', to: v['stay.to'] ?? '' },
      decision: {
        decidedOn: v['decision.decidedOn'] ?? '',
        goal: v['decision.goal'] ?? '',
        insatser: Array.from({ length: count }, (_, i) => {
          const f = (name: InsatsField) => v[`decision.insatser.${i}.${name}`] ?? '';
          return { type: f('type'), description: f('description'), scope: { amount: number(f('scope.amount')), unit: f('scope.unit') }, rate: { amountSek: number(f('rate.amountSek')), per: f('rate.per') } };
        }),
      },
      contact: { name: v['contact.name'] ?? '', email: v['contact.email'] ?? '', ...(v['contact.phone']?.trim() ? { phone: v['contact.phone'] } : {}) },
      ...(v['reportDue.kind'] === 'working_day' ? { reportDue: { kind: 'working_day', n: number(v['reportDue.n'] ?? '') } } : {}),
      ...(v['reportDue.kind'] === 'day_of_month' ? { reportDue: { kind: 'day_of_month', day: number(v['reportDue.day'] ?? '') } } : {}),
    }),
    submit: async (value) => {
      const stay = await portalPost<OutgoingStayView>('/portal/outgoing-stays', value);
      navigate(`${outgoingPagePath(stay.reference)}?registrerad=1`);
    },
  });
  const f = form.field;
  return (
    <>
      <p>
        <Link className="back-link" href="/portal">
          Alla ärenden
        </Link>
      </p>
      <h1>Ny utgående vistelse</h1>
      <p>
        En person från {ownName} ska vistas tillfälligt i en annan kommun, och vi beställer insatserna där som bosättningskommun. Vistelse gör beställningen som PDF med samma
        uppgifter som vår egen e-tjänst frågar efter. Personuppgifterna sparas krypterade.
      </p>
      <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby="outgoing-form-title">
        <h2 id="outgoing-form-title" className="visually-hidden">
          Ny utgående vistelse
        </h2>
        <FormErrors form={form} />
        <fieldset className="fieldset">
          <legend className="legend legend--m">Vistelsekommun och period</legend>
          <SelectField label="Vistelsekommun" hint="Kommunen där personen ska vistas" field={f('stayMunicipalityCode')} options={MUNICIPALITY_OPTIONS.filter((m) => m.code !== ownCode).map((m) => ({ value: m.code, label: m.name }))} placeholder="Välj kommun" />
          <Field label="Vistelsens första dag" type="date" field={f('stay.from')} />
          <Field label="Vistelsens sista dag" type="date" field={f('stay.to')} />
        </fieldset>
        <fieldset className="fieldset">
          <legend className="legend legend--m">Personen</legend>
          <Field label="Personnummer" hint="ÅÅÅÅMMDD-XXXX" field={f('person.personnummer')} inputMode="numeric" />
          <Field label="Förnamn" field={f('person.firstName')} />
          <Field label="Efternamn" field={f('person.lastName')} />
          <SelectField label="Har personen skyddade personuppgifter?" field={f('person.protectedIdentity')} options={[{ value: 'no', label: 'Nej' }, { value: 'yes', label: 'Ja' }]} placeholder="Välj" />
          <Field label="Gatuadress under vistelsen" field={f('person.stayAddress.street')} />
          <Field label="Postnummer" field={f('person.stayAddress.postalCode')} inputMode="numeric" />
          <Field label="Ort" field={f('person.stayAddress.city')} />
          <Field label="Telefon under vistelsen (valfritt)" type="tel" field={f('person.phone')} />
        </fieldset>
        <fieldset className="fieldset">
          <legend className="legend legend--m">Beslut och insatser</legend>
          <Field label="Beslutsdatum" type="date" field={f('decision.decidedOn')} />
          <Field label="Beslutets målsättning" multiline field={f('decision.goal')} />
          {Array.from({ length: count }, (_, i) => (
            <fieldset className="fieldset" key={i}>
              <legend className="legend legend--m">Insats {i + 1}</legend>
              <SelectField label="Insats" field={f(`decision.insatser.${i}.type`)} options={INSATS_TYPES.map((t) => ({ value: t, label: INSATS_LABELS[t] }))} placeholder="Välj insats" />
              <Field label="Beskrivning" multiline field={f(`decision.insatser.${i}.description`)} />
              <Field label="Omfattning" hint="Ett tal, t.ex. 20" inputMode="numeric" field={f(`decision.insatser.${i}.scope.amount`)} />
              <SelectField label="Enhet för omfattningen" field={f(`decision.insatser.${i}.scope.unit`)} options={SCOPE_UNITS.map((u) => ({ value: u, label: SCOPE_UNIT_LABELS[u] }))} placeholder="Välj enhet" />
              <Field label="Avtalat pris i kronor" hint="Det pris vi har kommit överens om med vistelsekommunen" inputMode="numeric" field={f(`decision.insatser.${i}.rate.amountSek`)} />
              <SelectField label="Priset gäller" field={f(`decision.insatser.${i}.rate.per`)} options={RATE_PERIODS.map((p) => ({ value: p, label: RATE_PERIOD_LABELS[p] }))} placeholder="Välj" />
            </fieldset>
          ))}
          {count < MAX_INSATSER && (
            <button type="button" className="button button--secondary" onClick={() => setCount((c) => c + 1)}>
              Lägg till en insats
            </button>
          )}
        </fieldset>
        <fieldset className="fieldset">
          <legend className="legend legend--m">Vistelsekommunens kontakt och tidrapporter</legend>
          <Field label="Kontaktpersonens namn" field={f('contact.name')} />
          <Field label="Kontaktens e-postadress" hint="Hit skickas påminnelser om tidrapporter, med vår referens och aldrig personuppgifter" field={f('contact.email')} autoComplete="off" />
          <Field label="Kontaktens telefon (valfritt)" type="tel" field={f('contact.phone')} />
          <SelectField
            label="När ska vistelsekommunen lämna tidrapporten?"
            field={f('reportDue.kind')}
            options={[
              { value: 'own', label: 'Enligt vår egen regel' },
              { value: 'working_day', label: 'Senast en viss vardag i månaden efter' },
              { value: 'day_of_month', label: 'Senast en viss dag i månaden efter' },
            ]}
            placeholder="Välj"
          />
          {f('reportDue.kind').value === 'working_day' && <Field label="Vilken vardag i månaden efter?" hint="Ett tal 1–10, t.ex. 2 för andra vardagen" inputMode="numeric" field={f('reportDue.n')} />}
          {f('reportDue.kind').value === 'day_of_month' && <Field label="Vilken dag i månaden efter?" hint="Ett tal 1–28; infaller dagen på en helg gäller nästa vardag" inputMode="numeric" field={f('reportDue.day')} />}
        </fieldset>
        <fieldset className="fieldset">
          <legend className="legend legend--m">Beställare och fakturering</legend>
          <Field label="Ditt telefonnummer" type="tel" field={f('orderer.phone')} />
          <Field label="Förvaltning / enhet" field={f('orderer.unit')} />
          <Field label="Fakturaadress" hint="Vart vistelsekommunen skickar fakturan" field={f('billing.address')} />
          <Field label="Referens på fakturan" field={f('billing.reference')} />
        </fieldset>
        <button className="button" type="submit" disabled={form.busy}>
          Registrera vistelsen
        </button>
      </form>
    </>
  );
}

/** An outgoing stay (`/portal/utgaende/<ref>`): the order and its PDF, its sending and confirmation, and each month's report and invoice. */
export function OutgoingStayPage({ reference, justRegistered }: { reference: string; justRegistered: boolean }) {
  const [data, setData] = useState<OutgoingStayView>();
  const [failure, setFailure] = useState<{ status: number; message: string }>();
  const [done, setDone] = useState<string | undefined>(justRegistered ? 'Den utgående vistelsen är registrerad. Hämta beställningen som PDF och skicka den till vistelsekommunen på ett säkert sätt.' : undefined);
  useDocumentTitle(portalTitle(`Utgående vistelse ${reference}`));
  useEffect(() => {
    portalGet<OutgoingStayView>(apiPath(reference)).then(setData, (e: PortalError) => setFailure({ status: e.status, message: e.message }));
  }, [reference]);
  const after = (message: string) => (next: OutgoingStayView) => {
    setData(next);
    setDone(message);
  };
  if (failure) {
    return (
      <>
        <h1>{failure.status === 404 ? 'Vistelsen finns inte' : 'Vistelsen kunde inte visas'}</h1>
        <p>{failure.status === 404 ? `Det finns ingen utgående vistelse ${reference} som du har tillgång till.` : failure.message}</p>
        <p>
          <Link href="/portal">Till dina ärenden</Link>
        </p>
      </>
    );
  }
  if (!data) {
    return (
      <>
        <h1>Utgående vistelse {reference}</h1>
        <p role="status" className="loading">
          Hämtar vistelsen …
        </p>
      </>
    );
  }
  return (
    <>
      <p>
        <Link className="back-link" href="/portal">
          Alla ärenden
        </Link>
      </p>
      <h1>Utgående vistelse {data.reference}</h1>
      {done && <Done message={done} />}
      <dl className="summary-list">
        <Row label="Status">{data.statusLabel}</Row>
        <Row label="Vistelsekommun">
          {data.stayMunicipality.name} ({data.stayMunicipality.code})
        </Row>
        <Row label="Vistelse">
          {formatDate(data.stay.from)} – {formatDate(data.stay.to)}
        </Row>
        <Row label="Registrerad">{formatDateTime(data.registeredAt)}</Row>
        {data.sent && (
          <Row label="Beställning skickad">
            {formatDate(data.sent.sentOn)} ({data.sent.sentByLabel})
          </Row>
        )}
        {data.confirmation && (
          <Row label="Bekräftad">
            {formatDate(data.confirmation.confirmedOn)}, start {formatDate(data.confirmation.startDate)}
          </Row>
        )}
        {data.ended && <Row label="Avslutad">{data.ended.lastDay ? `${data.ended.label}, sista dag ${formatDate(data.ended.lastDay)}` : data.ended.label}</Row>}
        <Row label="Vistelsekommunens kontakt">{[data.contact.name, data.contact.email, data.contact.phone].filter(Boolean).join(', ')}</Row>
        <Row label="Tidrapport per månad">Senast {data.reportDueLabel}</Row>
      </dl>
      {data.actions.pdf && (
        <p>
          <a className="button button--secondary" href={`/api${apiPath(data.reference)}/order.pdf`} download>
            Hämta beställningen som PDF
          </a>
          <span className="hint"> Innehåller personuppgifter: skicka den med säker e-post eller post.</span>
        </p>
      )}
      {data.person && (
        <section aria-labelledby="outgoing-person-title">
          <h2 id="outgoing-person-title">Personen</h2>
          <dl className="summary-list">
            <Row label="Namn">
              {data.person.firstName} {data.person.lastName}
            </Row>
            <Row label="Personnummer">{data.person.personnummer}</Row>
            <Row label="Adress under vistelsen">
              {data.person.stayAddress.street}, {data.person.stayAddress.postalCode} {data.person.stayAddress.city}
            </Row>
            {data.person.phone && <Row label="Telefon">{data.person.phone}</Row>}
            {data.goal && <Row label="Målsättning">{data.goal}</Row>}
          </dl>
        </section>
      )}
      <section aria-labelledby="outgoing-insatser-title">
        <h2 id="outgoing-insatser-title">Insatser</h2>
        <ul className="plain-list">
          {data.insatser.map((i) => (
            <li key={i.type} className="panel-row">
              <h3>{i.label}</h3>
              {i.description && <p>{i.description}</p>}
              <p>
                Omfattning: {i.scopeText}. Avtalat pris: {i.rateText}.
              </p>
            </li>
          ))}
        </ul>
      </section>
      {data.actions.markSent && <SentForm reference={data.reference} onDone={after('Det är registrerat att beställningen har skickats.')} />}
      {data.actions.confirm && <ConfirmationForm data={data} onDone={after('Vistelsekommunens bekräftelse är registrerad.')} />}
      <section aria-labelledby="outgoing-reports-title">
        <h2 id="outgoing-reports-title">Tidrapporter och fakturor</h2>
        {data.reports.length === 0 ? (
          <p>Inga tidrapporter väntas.</p>
        ) : (
          <ul className="plain-list">
            {data.reports.map((r) => (
              <li key={`${r.insatsType}-${r.month}`} className="panel-row">
                <h3>
                  {r.insatsLabel}, {r.monthLabel}
                </h3>
                <p>
                  <span className={`tag${r.status === 'overdue' ? ' tag--overdue' : ''}`}>{r.statusLabel}</span> Ska lämnas senast {formatDate(r.dueOn)}.
                  {r.chased.length > 0 ? ` Påmint ${r.chased.length === 1 ? 'en gång' : `${r.chased.length} gånger`}.` : ''}
                </p>
                {r.received && (
                  <p>
                    Mottagen {formatDate(r.received.receivedOn)}: {r.received.quantityText}.
                  </p>
                )}
                {r.invoice && (
                  <p>
                    Faktura: {r.invoice.amountText} (till vårt pris {r.invoice.expectedText}). {r.invoice.flagged ? <strong>{r.invoice.words}.</strong> : `${r.invoice.words}.`}
                  </p>
                )}
                {r.actions.receive && <ReceivedForm reference={data.reference} report={r} onDone={after(`Tidrapporten för ${r.monthLabel} är registrerad som mottagen.`)} />}
                {r.actions.invoice && <InvoiceForm reference={data.reference} report={r} onDone={after(`Fakturan för ${r.monthLabel} är registrerad.`)} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      {data.actions.end && <EndForm data={data} onDone={after('Det är registrerat att vistelsen har avslutats. Tidrapporter för månaderna efter den väntas inte längre.')} />}
    </>
  );
}

/** **Vistelsen avslutad**: ended before its planned last day, or it never came about. */
function EndForm({ data, onDone }: { data: OutgoingStayView; onDone: (next: OutgoingStayView) => void }) {
  const form = useActionForm({
    id: 'end',
    schema: outgoingEndSchema,
    initial: { kind: '', lastDay: '' },
    prepare: (v) => ({ kind: v.kind ?? '', ...(v.kind === 'ended_early' ? { lastDay: v.lastDay ?? '' } : {}) }),
    submit: async (v) => onDone(await portalPost(`${apiPath(data.reference)}/end`, v)),
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby="end-title">
      <h2 id="end-title">Vistelsen avslutad</h2>
      <p>
        Om vistelsen slutar före {formatDate(data.stay.to)} eller aldrig blir av: registrera det här, så väntas och påminns inga tidrapporter för månaderna efter. Meddela också
        vistelsekommunen.
      </p>
      <FormErrors form={form} />
      <SelectField label="Vad har hänt?" field={form.field('kind')} options={OUTGOING_END_KINDS.map((k) => ({ value: k, label: OUTGOING_END_LABELS[k] }))} placeholder="Välj" />
      {form.field('kind').value === 'ended_early' && <Field label="Vistelsens sista dag" type="date" field={form.field('lastDay')} />}
      <button className="button button--secondary" type="submit" disabled={form.busy}>
        Registrera att vistelsen avslutats
      </button>
    </form>
  );
}

function SentForm({ reference, onDone }: { reference: string; onDone: (next: OutgoingStayView) => void }) {
  const form = useActionForm({ id: 'sent', schema: orderSentSchema, initial: { sentOn: stockholmToday(new Date()), sentBy: '' }, submit: async (v) => onDone(await portalPost(`${apiPath(reference)}/sent`, v)) });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby="sent-title">
      <h2 id="sent-title">Beställning skickad</h2>
      <FormErrors form={form} />
      <Field label="Skickad" type="date" field={form.field('sentOn')} />
      <SelectField label="Hur den skickades" field={form.field('sentBy')} options={SENT_BY.map((s) => ({ value: s, label: SENT_BY_LABELS[s] }))} placeholder="Välj" />
      <button className="button" type="submit" disabled={form.busy}>
        Beställning skickad
      </button>
    </form>
  );
}

function ConfirmationForm({ data, onDone }: { data: OutgoingStayView; onDone: (next: OutgoingStayView) => void }) {
  const form = useActionForm({ id: 'confirmation', schema: outgoingConfirmationSchema, initial: { confirmedOn: stockholmToday(new Date()), startDate: data.stay.from }, submit: async (v) => onDone(await portalPost(`${apiPath(data.reference)}/confirmation`, v)) });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby="confirmation-title">
      <h2 id="confirmation-title">Vistelsekommunens bekräftelse</h2>
      <p>Registrera när vistelsekommunen bekräftade beställningen och när insatserna startar. Tidrapporter för månader före starten väntas inte.</p>
      <FormErrors form={form} />
      <Field label="Bekräftad" type="date" field={form.field('confirmedOn')} />
      <Field label="Startdatum" type="date" field={form.field('startDate')} />
      <button className="button button--secondary" type="submit" disabled={form.busy}>
        Registrera bekräftelsen
      </button>
    </form>
  );
}

const UNIT_FIELD: Record<string, string> = { minutes: 'Minuter', visits: 'Antal besök', days: 'Antal dagar' };

function ReceivedForm({ reference, report: r, onDone }: { reference: string; report: OutgoingStayView['reports'][number]; onDone: (next: OutgoingStayView) => void }) {
  const id = `received-${r.insatsType}-${r.month}`;
  const form = useActionForm({
    id,
    schema: reportReceivedSchema,
    initial: { receivedOn: stockholmToday(new Date()), quantity: '' },
    prepare: (v) => ({ receivedOn: v.receivedOn, quantity: number(v.quantity) }),
    submit: async (v) => onDone(await portalPost(`${apiPath(reference)}/reports/${r.insatsType}/${r.month}/received`, v)),
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Tidrapport mottagen – {r.monthLabel}</h4>
      <FormErrors form={form} />
      <Field label="Mottagen" type="date" field={form.field('receivedOn')} />
      <Field label={UNIT_FIELD[r.unit] ?? 'Mängd'} hint="Som tidrapporten anger för månaden" inputMode="numeric" field={form.field('quantity')} />
      <button className="button button--secondary" type="submit" disabled={form.busy}>
        Tidrapport mottagen
      </button>
    </form>
  );
}

function InvoiceForm({ reference, report: r, onDone }: { reference: string; report: OutgoingStayView['reports'][number]; onDone: (next: OutgoingStayView) => void }) {
  const id = `invoice-${r.insatsType}-${r.month}`;
  const form = useActionForm({
    id,
    schema: invoiceReceivedSchema,
    initial: { amountSek: '' },
    prepare: (v) => ({ amountSek: number(v.amountSek) }),
    submit: async (v) => onDone(await portalPost(`${apiPath(reference)}/reports/${r.insatsType}/${r.month}/invoice`, v)),
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Faktura mottagen – {r.monthLabel}</h4>
      <p>Beloppet stäms av mot tidrapporten till vårt avtalade pris. Avviker det mer än 10 % får avgiftshandläggarna besked.</p>
      <FormErrors form={form} />
      <Field label="Fakturans belopp i kronor" inputMode="numeric" field={form.field('amountSek')} />
      <button className="button button--secondary" type="submit" disabled={form.busy}>
        Registrera fakturan
      </button>
    </form>
  );
}
