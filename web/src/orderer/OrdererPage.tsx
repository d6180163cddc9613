import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { SummaryRow as Row } from '../summary-list';
import type { ApiErrorBody } from '../../../shared/api';
import { ordererCodeSchema, type OrdererCase } from '../../../shared/messages';
import { READABLE_COOKIE, readableCookieValue } from '../../../shared/readable-cookies';
import { focusMainHeading, useDocumentTitle } from '../hooks';
import { Messages, type MessagesClient } from '../messages/Messages';
import { PortalError } from '../portal/api';
import { Field, FormErrors, useActionForm } from '../portal/forms';
import { CancelForm } from '../portal/CancelForm';
import { ChangeOrderForm } from '../portal/ChangeOrderForm';
import { StayEndForm } from '../portal/StayEndForm';
import { formatDate, formatDateTime } from '../portal/labels';
import { pageTitle } from '../site';

/**
 * The orderer's page of a case (`/arende/<reference>`), the link in every mail to the home
 * municipality. The orderer has no account with us: opening the page sends a one-time code to the
 * address the order came from; **Engångskod** and **Öppna ärendet** open the case for 30 minutes —
 * its status, the providers' confirmations, and the secure messages.
 */
type Phase = { kind: 'checking' } | { kind: 'code'; sent?: string; problem?: string } | { kind: 'open'; data: OrdererCase; done?: string } | { kind: 'closed' };

function ordererClient(onExpired: () => void, csrf: () => string): MessagesClient & { post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> } {
  const answer = async <T,>(response: Response): Promise<T> => {
    const json = (await response.json().catch(() => undefined)) as unknown;
    if (response.status === 401) {
      onExpired();
      throw new PortalError(401, 'unauthenticated', 'Ärendet är stängt: öppna det igen med en ny engångskod.');
    }
    if (!response.ok) {
      const error = (json as ApiErrorBody | undefined)?.error;
      throw new PortalError(response.status, error?.code ?? 'error', error?.message ?? 'Något gick fel. Försök igen om en stund.', error?.issues ?? []);
    }
    return json as T;
  };
  return {
    get: async (path) => answer(await fetch(`/api${path}`, { headers: { accept: 'application/json' } })),
    post: async (path, body, headers = {}) =>
      answer(
        await fetch(`/api${path}`, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrf(), ...headers },
          body: JSON.stringify(body ?? {}),
        }),
      ),
  };
}

/** The case this browser has open (set with the orderer's session, `shared/readable-cookies.ts`). */
const openCaseHint = () => readableCookieValue(document.cookie, READABLE_COOKIE.ordererOpen);

export function OrdererPage({ reference }: { reference: string }) {
  useDocumentTitle(pageTitle(`Ärende ${reference}`));
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const csrf = useRef('');
  const started = useRef(false);
  const path = `/orderer/cases/${encodeURIComponent(reference)}`;
  const client = useMemo(() => ordererClient(() => setPhase({ kind: 'code', problem: 'Ärendet har stängts efter 30 minuter. Be om en ny kod för att öppna det igen.' }), () => csrf.current), []);

  const sendCode = useCallback(async () => {
    try {
      const { done } = await client.post<{ done: string }>(`${path}/code`);
      setPhase({ kind: 'code', sent: done });
    } catch (error) {
      setPhase({ kind: 'code', problem: (error as Error).message });
    }
  }, [client, path]);

  const load = useCallback(async () => {
    const data = await client.get<OrdererCase>(path);
    csrf.current = data.csrfToken;
    setPhase({ kind: 'open', data });
  }, [client, path]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // An open session (within its 30 minutes) shows the case at once; otherwise a code is sent.
    // Whether this browser has one open for this case, its readable companion cookie tells (the
    // session's own is HttpOnly): without it the page does not ask, and no 401 is logged.
    if (openCaseHint() !== reference) {
      void sendCode();
      return;
    }
    fetch(`/api${path}`, { headers: { accept: 'application/json' } }).then(async (response) => {
      if (response.ok) {
        const data = (await response.json()) as OrdererCase;
        csrf.current = data.csrfToken;
        setPhase({ kind: 'open', data });
      } else {
        await sendCode();
      }
    }, () => setPhase({ kind: 'code', problem: 'Sidan kunde inte nå Vistelse. Kontrollera anslutningen och ladda om sidan.' }));
  }, [path, reference, sendCode]);

  useEffect(() => {
    if (phase.kind !== 'checking') focusMainHeading();
  }, [phase.kind]);

  if (phase.kind === 'checking') {
    return (
      <>
        <h1>Ärende {reference}</h1>
        <p role="status" className="loading">
          Öppnar ärendet …
        </p>
      </>
    );
  }
  if (phase.kind === 'closed') {
    return (
      <>
        <h1>Ärendet är stängt</h1>
        <p>Du har stängt ärende {reference}. Öppna länken i e-postmeddelandet igen när du vill läsa det; du får då en ny engångskod.</p>
      </>
    );
  }
  if (phase.kind === 'code') {
    return <CodeForm reference={reference} phase={phase} onSendAgain={sendCode} onOpen={async (code) => {
      await client.post(`${path}/session`, { code });
      await load();
    }} />;
  }
  const { data } = phase;
  return (
    <>
      <h1>Ärende {data.reference}</h1>
      <dl className="summary-list">
        <Row label="Status">{data.status}</Row>
        <Row label="Mottaget">{formatDateTime(data.receivedAt)}</Row>
        <Row label="Vistelse">
          {formatDate(data.stay.from)} – {formatDate(data.stay.to)}
        </Row>
        {data.ended && <Row label={data.ended.cancelled ? 'Beställningen avbröts' : 'Vistelsen avslutades'}>{formatDate(data.ended.endedOn)}</Row>}
        <Row label="Handläggare">
          {data.handler.name}, {data.handler.function}
          <br />
          <a href={`mailto:${data.handler.email}`}>{data.handler.email}</a>
        </Row>
      </dl>
      <section aria-labelledby="assignments-title">
        <h2 id="assignments-title">Insatser och utförare</h2>
        <ul className="card-list">
          {data.assignments.map((a, i) => (
            <li className="card" key={i}>
              <h3 className="card__title">{a.label}</h3>
              <dl className="summary-list">
                {a.providerName && <Row label="Utförare">{a.providerName}</Row>}
                <Row label="Status">{a.statusLabel}</Row>
                {a.confirmation && (
                  <>
                    <Row label="Startdatum">{formatDate(a.confirmation.startDate)}</Row>
                    <Row label="Kontaktperson">{a.confirmation.contactName}</Row>
                    <Row label="Telefon">{a.confirmation.contactPhone}</Row>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ul>
      </section>
      {data.changes.length > 0 && (
        <section aria-labelledby="changes-title">
          <h2 id="changes-title">Ändringar</h2>
          <ol className="plain-list">
            {[...data.changes].reverse().map((c) => (
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
              </li>
            ))}
          </ol>
        </section>
      )}
      {phase.done && (
        <p className="notice notice--success" role="status">
          {phase.done}
        </p>
      )}
      {data.canChange && (
        <ChangeOrderForm
          version={data.orderVersion}
          stay={data.stay}
          insatser={data.insatser}
          fromLocked={data.changeRules.fromLocked}
          keepsDescriptions
          submit={async (value) => {
            const result = await client.post<{ done: string; case: OrdererCase }>(`${path}/change`, value);
            csrf.current = result.case.csrfToken;
            setPhase({ kind: 'open', data: result.case, done: result.done });
          }}
        />
      )}
      {data.canReportStayEnd && (
        <StayEndForm
          stay={data.stay}
          submit={async (value) => {
            const result = await client.post<{ done: string; case: OrdererCase }>(`${path}/stay-end`, value);
            csrf.current = result.case.csrfToken;
            setPhase({ kind: 'open', data: result.case, done: result.done });
          }}
        />
      )}
      {data.canCancel && (
        <CancelForm
          submit={async (value) => {
            const result = await client.post<{ done: string; case: OrdererCase }>(`${path}/cancel`, value);
            csrf.current = result.case.csrfToken;
            setPhase({ kind: 'open', data: result.case, done: result.done });
          }}
        />
      )}
      <Messages reference={data.reference} client={client} />
      <p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => client.post(`${path}/logout`).then(() => setPhase({ kind: 'closed' }), () => setPhase({ kind: 'closed' }))}
        >
          Stäng ärendet
        </button>
      </p>
    </>
  );
}

function CodeForm({ reference, phase, onSendAgain, onOpen }: { reference: string; phase: { sent?: string; problem?: string }; onSendAgain: () => Promise<void>; onOpen: (code: string) => Promise<void> }) {
  const form = useActionForm({ id: 'code', schema: ordererCodeSchema, initial: { code: '' }, submit: ({ code }) => onOpen(code) });
  const field = form.field('code');
  return (
    <>
      <h1>Öppna ärende {reference}</h1>
      {phase.sent && (
        <p className="notice notice--success" role="status">
          {phase.sent}
        </p>
      )}
      {phase.problem && (
        <p className="notice notice--error" role="alert">
          {phase.problem}
        </p>
      )}
      <p>Ärendet öppnas med en engångskod som vi skickar till e-postadressen som beställningen kom från. Koden gäller i 10 minuter och kan användas en gång; ärendet är sedan öppet i 30 minuter.</p>
      <form onSubmit={form.onSubmit} noValidate>
        <FormErrors form={form} />
        <OneTimeCode field={field} />
        <button type="submit" className="button" disabled={form.busy}>
          Öppna ärendet
        </button>
      </form>
      <p>
        <button type="button" className="button button--secondary" onClick={() => void onSendAgain()}>
          Skicka en ny kod
        </button>
      </p>
    </>
  );
}

function OneTimeCode({ field }: { field: ReturnType<ReturnType<typeof useActionForm>['field']> }) {
  return <Field label="Engångskod" hint="8 siffror, från e-postmeddelandet" field={field} autoComplete="one-time-code" inputMode="numeric" />;
}

