import { useCallback, useEffect, useState } from 'react';
import { SummaryRow as Row } from '../summary-list';
import type { Me } from '../../../shared/api';
import { stockholmInstant, stockholmToday } from '../../../shared/dates';
import { confirmAssignmentSchema, declineAssignmentSchema, reassignCaseSchema, recordStartSchema, releaseAssignmentSchema, requestCompletionSchema, type CaseResponse } from '../../../shared/portal';
import { useDocumentTitle } from '../hooks';
import { Link, navigate } from '../router';
import { Messages, type MessagesClient } from '../messages/Messages';
import { portalGet, portalPost, PortalError } from './api';

const portalClient: MessagesClient = { get: portalGet, post: portalPost };
import { Done, Field, FormErrors, useActionForm } from './forms';
import { formatDate, formatDateTime, PHASE_LABELS } from './labels';
import { portalTitle } from './PortalApp';
import { CancelForm } from './CancelForm';
import { ChangeOrderForm } from './ChangeOrderForm';
import { ExtraVisits } from './ExtraVisits';
import { StayEndForm } from './StayEndForm';
import { TimeReports } from './TimeReports';

type Assignment = CaseResponse['assignments'][number];

/**
 * A case as the person may see it: the API decides the view (the whole case, a provider's own
 * assignments, the billing view, the registration task); this page shows what the answer holds
 * and offers the actions the answer says the person may take.
 */
export function CasePage({ reference, me }: { reference: string; me: Me }) {
  const [data, setData] = useState<CaseResponse>();
  const [failure, setFailure] = useState<{ status: number; message: string }>();
  const [done, setDone] = useState<string>();
  /** Raised when a time report's template went as a message: the messages below are fetched again. */
  const [messagesRefresh, setMessagesRefresh] = useState(0);
  const messageSent = useCallback(() => setMessagesRefresh((n) => n + 1), []);
  useDocumentTitle(portalTitle(`Ärende ${reference}`));
  const path = `/portal/cases/${encodeURIComponent(reference)}`;

  useEffect(() => {
    portalGet<CaseResponse>(path).then(setData, (e: PortalError) => setFailure({ status: e.status, message: e.message }));
  }, [path]);

  const after = useCallback((result: { done: string; case?: CaseResponse }) => {
    setDone(result.done);
    if (result.case) setData(result.case);
  }, []);

  if (failure) {
    return (
      <>
        <h1>{failure.status === 404 ? 'Ärendet finns inte' : 'Ärendet kunde inte visas'}</h1>
        <p>{failure.status === 404 ? `Det finns inget ärende ${reference} som du har tillgång till.` : failure.message}</p>
        <p>
          <Link href="/portal">Till dina ärenden</Link>
        </p>
      </>
    );
  }
  if (!data) {
    return (
      <>
        <h1>Ärende {reference}</h1>
        <p role="status" className="loading">
          Hämtar ärendet …
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
      <h1>
        {data.view === 'assignments' ? 'Uppdrag' : data.view === 'billing' ? 'Faktureringsunderlag' : data.view === 'registration' ? 'Registrering' : 'Ärende'} {data.reference}
      </h1>
      {done && <Done message={done} />}
      {data.protectedIdentity && (
        <div className="banner banner--protected" role="note" aria-labelledby="protected-title">
          <h2 className="banner__title" id="protected-title">
            Skyddade personuppgifter
          </h2>
          <p>
            Personen har skyddade personuppgifter. Uppgifterna får bara läsas av dem som behöver dem för att utföra insatserna, och lämnas aldrig ut per e-post eller telefon.
          </p>
        </div>
      )}

      <dl className="summary-list">
        <Row label="Status">{PHASE_LABELS[data.phase]}</Row>
        <Row label="Mottaget">{formatDateTime(data.receivedAt)}</Row>
        <Row label="Bosättningskommun">
          {data.homeMunicipality.name} ({data.homeMunicipality.code})
        </Row>
        <Row label="Vistelse">
          {formatDate(data.stay.from)} – {formatDate(data.stay.to)}
          {data.stay.acute ? ' (akut)' : ''}
        </Row>
        {data.registered && <Row label="Registrerat i verksamhetssystemet">{formatDateTime(data.registered.at)}</Row>}
        {data.ended && (
          <Row label="Vistelsen avslutades">
            {formatDate(data.ended.endedOn)} ({data.ended.by})
          </Row>
        )}
        {data.ended?.cancelled && (
          <Row label="Avbokning">
            {data.ended.cancelled.late ? 'Sen avbokning. ' : ''}
            {data.ended.cancelled.reason ? `Skäl: ${data.ended.cancelled.reason}` : ''}
          </Row>
        )}
        {data.closedAt && <Row label="Ärendet avslutades">{formatDateTime(data.closedAt)}</Row>}
        {data.purgedAt && (
          <Row label="Gallrat">
            {formatDateTime(data.purgedAt)}. Personuppgifterna, meddelandena och filerna är borttagna; referensen, datumen och underlaget för fakturering finns kvar.
          </Row>
        )}
        {data.handlingTime && (
          <Row label="Handläggningstid">
            {data.handlingTime.days === 1 ? '1 dag' : `${data.handlingTime.days} dagar`}
            {data.handlingTime.paused ? ' (pausad i väntan på komplettering)' : ''}
          </Row>
        )}
        {data.completion && (
          <Row label={data.completion.waiting ? 'Väntar på komplettering' : 'Senaste komplettering'}>
            Begärd {formatDateTime(data.completion.requestedAt)} av {data.completion.requestedBy}.{' '}
            {data.completion.answeredAt
              ? `Besvarad ${formatDateTime(data.completion.answeredAt)}.`
              : data.completion.remindedAt
                ? `Påminnelse skickad ${formatDateTime(data.completion.remindedAt)}.`
                : `Påminnelse ${formatDateTime(data.completion.remindAt)} om svar saknas.`}
          </Row>
        )}
      </dl>

      {data.person && <Person person={data.person} />}
      {data.decision && <Decision decision={data.decision} />}
      {data.orderer && (
        <section aria-labelledby="orderer-title">
          <h2 id="orderer-title">Beställare</h2>
          <dl className="summary-list">
            <Row label="Handläggare">{data.orderer.name}</Row>
            <Row label="Förvaltning / enhet">{data.orderer.unit}</Row>
            <Row label="E-post">{data.orderer.email}</Row>
            <Row label="Telefon">{data.orderer.phone}</Row>
            {data.billing && <Row label="Fakturaadress">{data.billing.address}</Row>}
            {data.billing && <Row label="Referens på fakturan">{data.billing.reference}</Row>}
          </dl>
        </section>
      )}
      {data.checks && data.checks.length > 0 && (
        <section aria-labelledby="checks-title" className="warning">
          <h2 id="checks-title" className="warning__title">
            <span className="warning__icon" aria-hidden="true">
              !
            </span>
            Att kontrollera i beställningen
          </h2>
          <ul className="plain-list">
            {data.checks.map((c) => (
              <li key={`${c.code}-${c.message}`}>
                {c.message}{' '}
                <strong>
                  {c.confirmed === undefined
                    ? 'Beställaren fick samma varning i e-tjänsten.'
                    : c.confirmed
                      ? 'Beställaren har bekräftat att uppgiften stämmer.'
                      : 'Inte bekräftat av beställaren.'}
                </strong>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.routing && (
        <section aria-labelledby="routing-title">
          <h2 id="routing-title">Fördelning</h2>
          <dl className="summary-list">
            <Row label="Handläggare">{data.routing.handler}</Row>
            <Row label="Enhet">{data.routing.unitName}</Row>
            <Row label="Varför">{data.routing.reason}</Row>
          </dl>
        </section>
      )}

      {data.assignments.length > 0 && (
        <section aria-labelledby="assignments-title">
          <h2 id="assignments-title">Uppdrag till utförare</h2>
          {data.assignments.map((a) => (
            <AssignmentCard key={a.insatsType} assignment={a} data={data} path={path} onDone={after} />
          ))}
        </section>
      )}

      {data.changes && <Changes changes={data.changes} />}
      {data.actions.change && data.decision && data.changeRules && (
        <ChangeOrderForm
          version={data.orderVersion}
          stay={data.stay}
          insatser={data.decision.insatser}
          fromLocked={data.changeRules.fromLocked}
          keepsDescriptions={false}
          submit={async (value) => {
            const result = await portalPost<{ done: string; orderVersion: number }>(`${path}/change`, value);
            after({ done: result.done, case: await portalGet<CaseResponse>(path) });
          }}
        />
      )}
      {data.actions.reportStayEnd && <StayEndForm stay={data.stay} submit={async (value) => after(await portalPost(`${path}/stay-end`, value))} />}
      {data.actions.cancel && <CancelForm submit={async (value) => after(await portalPost(`${path}/cancel`, value))} />}
      {data.actions.requestCompletion && (
        <CompletionForm
          path={path}
          onDone={(r) => {
            after(r);
            messageSent();
          }}
        />
      )}
      {data.actions.reassign && data.caseworkers && <ReassignForm data={data} path={path} onDone={after} />}
      {data.actions.markRegistered && <RegisterForm path={path} onDone={after} />}
      {data.actions.viewAudit && (
        <p>
          <Link href={`/portal/arenden/${encodeURIComponent(data.reference)}/logg`}>Visa logg över läsningar av personuppgifter</Link>
        </p>
      )}
      {(data.view === 'case' || data.view === 'assignments' || data.view === 'billing') && <TimeReports key={data.assignments.filter((a) => a.confirmation).length} reference={data.reference} onMessageSent={messageSent} />}
      {(data.view === 'case' || data.view === 'assignments') && <ExtraVisits reference={data.reference} />}
      {(data.view === 'case' || data.view === 'assignments') && <Messages reference={data.reference} client={portalClient} refresh={messagesRefresh} />}
      {data.timeline && (
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">Händelser</h2>
          <ol className="timeline">
            {data.timeline.map((t, i) => (
              <li key={i}>
                <span className="timeline__at">{formatDateTime(t.at)}</span> {t.text}
              </li>
            ))}
          </ol>
        </section>
      )}
      {me.role === 'provider' && data.assignments.length === 0 && <p>Ni har inga uppdrag i ärendet.</p>}
    </>
  );
}



function Person({ person }: { person: NonNullable<CaseResponse['person']> }) {
  return (
    <section aria-labelledby="person-title">
      <h2 id="person-title">Personen</h2>
      <dl className="summary-list">
        <Row label="Namn">
          {person.firstName} {person.lastName}
        </Row>
        <Row label="Personnummer">{person.personnummer}</Row>
        {person.stayAddress && (
          <Row label="Adress under vistelsen">
            {person.stayAddress.street}, {person.stayAddress.postalCode} {person.stayAddress.city}
          </Row>
        )}
        {person.phone && <Row label="Telefon">{person.phone}</Row>}
        {person.relatives && person.relatives.length > 0 && (
          <Row label="Närstående">
            <ul className="plain-list">
              {person.relatives.map((r, i) => (
                <li key={i}>
                  {r.name} ({r.relation}), {r.phone}
                </li>
              ))}
            </ul>
          </Row>
        )}
        {person.housing && <Row label="Boende">{person.housing}</Row>}
        {person.socialSituation && <Row label="Social situation">{person.socialSituation}</Row>}
        {person.disability && <Row label="Funktionsnedsättning">{person.disability}</Row>}
        {person.abilities && <Row label="Resurser och förmågor">{person.abilities}</Row>}
      </dl>
    </section>
  );
}

function Decision({ decision }: { decision: NonNullable<CaseResponse['decision']> }) {
  return (
    <section aria-labelledby="decision-title">
      <h2 id="decision-title">Beslut</h2>
      <dl className="summary-list">
        <Row label="Beslutsdatum">{formatDate(decision.decidedOn)}</Row>
        {decision.goal && <Row label="Målsättning">{decision.goal}</Row>}
      </dl>
      <ul className="plain-list">
        {decision.insatser.map((insats, i) => (
          <li key={i} className="panel-row">
            <h3>{insats.label}</h3>
            {insats.description && <p>{insats.description}</p>}
            <p>
              Omfattning: {String(insats.scope.amount).replace('.', ',')} {insats.scope.label}
              {insats.rate ? `. Ersättning: ${insats.rate.amountSek.toLocaleString('sv-SE')} kr ${insats.rate.label}` : ''}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** **Ändringar**: who changed the order, when and what; each version readable as it was. */
export function Changes({ changes }: { changes: NonNullable<CaseResponse['changes']> }) {
  return (
    <section aria-labelledby="changes-title">
      <h2 id="changes-title">Ändringar</h2>
      <ol className="plain-list">
        {[...changes].reverse().map((c) => (
          <li key={c.version} className="panel-row">
            <h3>
              Version {c.version} – {formatDateTime(c.at)}
            </h3>
            <p>{c.by}</p>
            {c.lines.length > 0 ? (
              <ul>
                {c.lines.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            ) : (
              <p>Beställningen som den kom in.</p>
            )}
            <details>
              <summary>Visa version {c.version}</summary>
              <dl className="summary-list">
                <Row label="Vistelse">
                  {formatDate(c.stay.from)} – {formatDate(c.stay.to)}
                </Row>
                {c.insatser.map((insats, i) => (
                  <Row key={i} label={insats.label}>
                    {insats.description ? `${insats.description} ` : ''}
                    Omfattning: {String(insats.scope.amount).replace('.', ',')} {insats.scope.label}
                    {insats.rate ? `. Ersättning: ${insats.rate.amountSek.toLocaleString('sv-SE')} kr ${insats.rate.label}` : ''}
                  </Row>
                ))}
              </dl>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** **Bekräfta ändringen**: what changed for this insats, and the provider's confirmation of the version read. */
function ConfirmChangeForm({ assignment: a, path, onDone }: { assignment: Assignment; path: string; onDone: (r: { done: string; case?: CaseResponse }) => void }) {
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const change = a.pendingChange!;
  return (
    <div className="action" aria-labelledby={`change-${a.insatsType}-title`}>
      <h4 id={`change-${a.insatsType}-title`}>Beställningen är ändrad</h4>
      <p>Ändringen {formatDateTime(change.at)} (version {change.version}):</p>
      <ul>
        {change.lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      {failure && (
        <p className="error-message" role="alert">
          {failure}
        </p>
      )}
      <button
        className="button"
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          portalPost<{ done: string; case: CaseResponse }>(`${path}/assignments/${a.insatsType}/confirm-change`, { version: change.version })
            .then(onDone, (e: Error) => setFailure(e.message))
            .finally(() => setBusy(false));
        }}
      >
        Bekräfta ändringen
      </button>
    </div>
  );
}

function AssignmentCard({ assignment: a, data, path, onDone }: { assignment: Assignment; data: CaseResponse; path: string; onDone: (r: { done: string; case?: CaseResponse }) => void }) {
  return (
    <div className="card" aria-labelledby={`assignment-${a.insatsType}`}>
      <h3 id={`assignment-${a.insatsType}`}>
        {a.label}
        {a.providerName ? ` – ${a.providerName}` : ''}
      </h3>
      <dl className="summary-list">
        <Row label="Status">
          {a.statusLabel}
          {a.overdue && <span className="tag tag--overdue">Försenad: skulle ha bekräftats {a.confirmBy ? formatDateTime(a.confirmBy) : ''}</span>}
        </Row>
        {a.reason && <Row label="Varför">{a.reason}</Row>}
        {a.sentAt && <Row label="Skickat">{formatDateTime(a.sentAt)}</Row>}
        {a.status === 'sent' && a.confirmBy && <Row label="Bekräftas senast">{formatDateTime(a.confirmBy)}</Row>}
        {a.confirmation && <Row label="Startdatum">{formatDate(a.confirmation.startDate)}</Row>}
        {a.removedAt && <Row label="Borttagen ur beställningen">{formatDateTime(a.removedAt)}</Row>}
        {a.pendingChange && !a.actions.confirmChange && <Row label="Ändring att bekräfta">Version {a.pendingChange.version}: väntar på utförarens bekräftelse</Row>}
        {a.changeConfirmed && <Row label="Ändring bekräftad">Version {a.changeConfirmed.version}, {formatDateTime(a.changeConfirmed.at)}</Row>}
        {a.start && (
          <Row label="Starta senast">
            {formatDate(a.start.deadline)} ({a.start.rule})
            {a.start.late && <span className="tag tag--overdue">Start försenad</span>}
          </Row>
        )}
        {a.start && (
          <Row label={a.start.alarm ? 'Installerat' : 'Startade'}>{a.start.startedOn ? formatDate(a.start.startedOn) : a.start.alarm ? 'Inte registrerat än' : 'Inte registrerad än'}</Row>
        )}
        {a.confirmation?.contactName && (
          <Row label="Kontakt hos utföraren">
            {a.confirmation.contactName}, {a.confirmation.contactPhone}
          </Row>
        )}
        {a.declines && a.declines.length > 0 && (
          <Row label="Avböjt av">
            <ul className="plain-list">
              {a.declines.map((d, i) => (
                <li key={i}>
                  {d.providerName} ({formatDateTime(d.at)}): {d.reason}
                </li>
              ))}
            </ul>
          </Row>
        )}
      </dl>
      {a.actions.release && <ReleaseForm assignment={a} path={path} onDone={onDone} />}
      {a.actions.confirm && <ConfirmForm assignment={a} data={data} path={path} onDone={onDone} />}
      {a.actions.decline && <DeclineForm assignment={a} path={path} onDone={onDone} />}
      {a.actions.recordStart && <StartForm assignment={a} data={data} path={path} onDone={onDone} />}
      {a.actions.confirmChange && a.pendingChange && <ConfirmChangeForm assignment={a} path={path} onDone={onDone} />}
    </div>
  );
}

const nowLocal = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

function ReleaseForm({ assignment: a, path, onDone }: { assignment: Assignment; path: string; onDone: (r: { done: string; case?: CaseResponse }) => void }) {
  const form = useActionForm({
    id: `release-${a.insatsType}`,
    schema: releaseAssignmentSchema,
    initial: { unitHeadName: '', toldAt: nowLocal() },
    prepare: (v) => ({ unitHeadName: v.unitHeadName, toldAt: stockholmInstant(v.toldAt)?.toISOString() ?? v.toldAt }),
    submit: async (value) => onDone(await portalPost(`${path}/assignments/${a.insatsType}/release`, value)),
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${form.formId}-title`}>
      <h4 id={`${form.formId}-title`}>Informera utförarens enhetschef</h4>
      <p>Uppdraget skickas till utföraren först när du har informerat utförarens enhetschef muntligt om de skyddade personuppgifterna.</p>
      <FormErrors form={form} />
      <Field label="Enhetschefens namn" field={form.field('unitHeadName')} autoComplete="off" />
      <Field label="När informerades enhetschefen?" hint="Datum och klockslag" type="datetime-local" field={form.field('toldAt')} />
      <button className="button" type="submit" disabled={form.busy}>
        Enhetschefen är informerad
      </button>
    </form>
  );
}

function ConfirmForm({ assignment: a, data, path, onDone }: { assignment: Assignment; data: CaseResponse; path: string; onDone: (r: { done: string; case?: CaseResponse }) => void }) {
  const form = useActionForm({
    id: `confirm-${a.insatsType}`,
    schema: confirmAssignmentSchema,
    initial: { startDate: data.stay.from, contactName: '', contactPhone: '' },
    // The confirmation is of the version read: a change made since is refused, to be read first.
    prepare: (v) => ({ ...v, orderVersion: data.orderVersion }),
    submit: async (value) => onDone(await portalPost(`${path}/assignments/${a.insatsType}/confirm`, value)),
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${form.formId}-title`}>
      <h4 id={`${form.formId}-title`}>Bekräfta att ni tar emot uppdraget</h4>
      <FormErrors form={form} />
      <Field label="Startdatum" hint={`Inom vistelsen, ${formatDate(data.stay.from)} – ${formatDate(data.stay.to)}`} type="date" field={form.field('startDate')} />
      <Field label="Kontaktperson hos er" field={form.field('contactName')} autoComplete="name" />
      <Field label="Kontaktpersonens telefon" type="tel" field={form.field('contactPhone')} autoComplete="tel" />
      <button className="button" type="submit" disabled={form.busy}>
        Bekräfta uppdraget
      </button>
    </form>
  );
}

/** **Insatsen har startat** (the alarm: **Larmet är installerat**) with the day. */
function StartForm({ assignment: a, data, path, onDone }: { assignment: Assignment; data: CaseResponse; path: string; onDone: (r: { done: string; case?: CaseResponse }) => void }) {
  const alarm = a.start?.alarm ?? false;
  // The server's rule is on Stockholm days.
  const today = stockholmToday(new Date());
  const last = data.stay.to < today ? data.stay.to : today;
  const form = useActionForm({
    id: `start-${a.insatsType}`,
    schema: recordStartSchema,
    initial: { startedOn: last < data.stay.from ? data.stay.from : last },
    submit: async (value) => onDone(await portalPost(`${path}/assignments/${a.insatsType}/start`, value)),
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${form.formId}-title`}>
      <h4 id={`${form.formId}-title`}>{alarm ? 'Registrera att larmet är installerat' : 'Registrera att insatsen har startat'}</h4>
      <FormErrors form={form} />
      <Field label={alarm ? 'Installationsdag' : 'Startdag'} hint={`Inom vistelsen, från ${formatDate(data.stay.from)}, och inte senare än i dag`} type="date" field={form.field('startedOn')} />
      <button className="button" type="submit" disabled={form.busy}>
        {alarm ? 'Larmet är installerat' : 'Insatsen har startat'}
      </button>
    </form>
  );
}

function DeclineForm({ assignment: a, path, onDone }: { assignment: Assignment; path: string; onDone: (r: { done: string; case?: CaseResponse }) => void }) {
  const form = useActionForm({
    id: `decline-${a.insatsType}`,
    schema: declineAssignmentSchema,
    initial: { reason: '' },
    submit: async (value) => {
      const result = await portalPost<{ done: string }>(`${path}/assignments/${a.insatsType}/decline`, value);
      // After declining the case is no longer yours: back to the list, which says so.
      navigate(`/portal?avbojt=${encodeURIComponent(result.done)}`);
      onDone({ done: result.done });
    },
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${form.formId}-title`}>
      <h4 id={`${form.formId}-title`}>Kan ni inte ta uppdraget?</h4>
      <p>Uppdraget går då vidare till nästa utförare i ickevalsalternativets turordning, och handläggaren får besked.</p>
      <FormErrors form={form} />
      <Field label="Skäl" multiline field={form.field('reason')} />
      <button className="button button--secondary" type="submit" disabled={form.busy}>
        Avböj uppdraget
      </button>
    </form>
  );
}

function ReassignForm({ data, path, onDone }: { data: CaseResponse; path: string; onDone: (r: { done: string; case?: CaseResponse }) => void }) {
  const form = useActionForm({
    id: 'reassign',
    schema: reassignCaseSchema,
    initial: { caseworkerId: '' },
    submit: async (value) => onDone(await portalPost(`${path}/reassign`, value)),
  });
  const field = form.field('caseworkerId');
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby="reassign-title">
      <h2 id="reassign-title">Fördela ärendet</h2>
      <FormErrors form={form} />
      <div className={`form-group${field.error ? ' form-group--error' : ''}`}>
        <label className="label" htmlFor={field.id}>
          Handläggare
        </label>
        {field.error && (
          <p className="error-message" id={`${field.id}-error`}>
            <span className="visually-hidden">Fel: </span>
            {field.error}
          </p>
        )}
        <select className="select" id={field.id} value={field.value} onChange={(e) => field.onChange(e.target.value)} aria-describedby={field.error ? `${field.id}-error` : undefined}>
          <option value="">Välj handläggare</option>
          {data.caseworkers!.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <button className="button" type="submit" disabled={form.busy}>
        Fördela ärendet
      </button>
    </form>
  );
}

/** **Begär komplettering** with **Vad saknas**: written to the orderer in the conversation below. */
function CompletionForm({ path, onDone }: { path: string; onDone: (r: { done: string; case?: CaseResponse }) => void }) {
  const form = useActionForm({
    id: 'completion',
    schema: requestCompletionSchema,
    initial: { missing: '' },
    submit: async (value) => onDone(await portalPost(`${path}/completion`, value)),
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${form.formId}-title`}>
      <h2 id={`${form.formId}-title`}>Saknas något i beställningen?</h2>
      <p>Beställaren får ett meddelande i ärendets konversation och ett e-postmeddelande utan personuppgifter. Ärendet väntar på komplettering tills beställaren svarar, och handläggningstiden räknas inte under tiden.</p>
      <FormErrors form={form} />
      <Field label="Vad saknas" hint="Skriv så att beställaren förstår vad de ska skicka" multiline field={form.field('missing')} />
      <button className="button button--secondary" type="submit" disabled={form.busy}>
        Begär komplettering
      </button>
    </form>
  );
}

function RegisterForm({ path, onDone }: { path: string; onDone: (r: { done: string; case?: CaseResponse }) => void }) {
  const [failure, setFailure] = useState<string>();
  return (
    <div className="action">
      <h2>Registrering</h2>
      <p>Registrera ärendet i verksamhetssystemet så att utförarens personal kan dokumentera, och markera det sedan här.</p>
      {failure && <p className="error-message" role="alert">{failure}</p>}
      <button
        className="button"
        type="button"
        onClick={() => portalPost<{ done: string; case: CaseResponse }>(`${path}/registered`).then(onDone, (e: Error) => setFailure(e.message))}
      >
        Markera som registrerat i verksamhetssystemet
      </button>
    </div>
  );
}
