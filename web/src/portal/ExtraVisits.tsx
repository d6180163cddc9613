import { useEffect, useState } from 'react';
import { stockholmToday } from '../../../shared/dates';
import { answerExtraVisitSchema, extraAgreementSchema, registerExtraVisitSchema, reviewExtraVisitSchema, type CaseExtraVisits, type ExtraVisitView } from '../../../shared/extra-visits';
import { INSATS_LABELS, type InsatsType } from '../../../shared/insatser';
import { SummaryRow as Row } from '../summary-list';
import { portalGet, portalPost } from './api';
import { Done, Field, FormErrors, SelectField, useActionForm, useDecisionForm } from './forms';
import { formatDate, formatDateTime } from './labels';

const insatsOptions = (types: InsatsType[]) => types.map((t) => ({ value: t, label: INSATS_LABELS[t] }));
const minutesText = (m: number) => (m === 1 ? '1 minut' : `${m} minuter`);
export const extraVisitsPath = (reference: string) => `/portal/cases/${encodeURIComponent(reference)}/extra-visits`;

/**
 * **Extrabesök** on the case page (seed 004): visits outside the order, each with its reason and
 * its review. The provider uses **Registrera extrabesök** and answers the caseworker's questions;
 * the caseworker reviews (**Godkänn**, **Avslå**, **Fråga**) and records an **Överenskommelse om
 * extrainsats**. The API says who may do what.
 */
export function ExtraVisits({ reference }: { reference: string }) {
  const [data, setData] = useState<CaseExtraVisits>();
  const [failure, setFailure] = useState<string>();
  const [done, setDone] = useState<string>();
  const path = extraVisitsPath(reference);
  useEffect(() => {
    portalGet<CaseExtraVisits>(path).then(setData, (e: Error) => setFailure(e.message));
  }, [path]);
  const after = (message: string) => (next: CaseExtraVisits) => {
    setData(next);
    setDone(message);
  };

  return (
    <section aria-labelledby="extras-title">
      <h2 id="extras-title">Extrabesök</h2>
      {failure && <p role="alert">Extrabesöken kunde inte hämtas: {failure}</p>}
      {!data && !failure && (
        <p role="status" className="loading">
          Hämtar extrabesöken …
        </p>
      )}
      {data && (
        <>
          <p>
            Extrabesök är hjälp utanför beställningen som inte kunde vänta, till exempel efter ett fall. Utföraren registrerar varje besök med anledning senast första vardagen i
            månaden efter. Handläggaren granskar dem minst en gång i veckan. Bara godkända extrabesök faktureras.
          </p>
          {done && <Done message={done} />}
          {data.agreements.length > 0 && (
            <>
              <h3>Överenskommelser om extrainsats</h3>
              <ul className="plain-list">
                {data.agreements.map((a) => (
                  <li key={a.id} className="panel-row">
                    <p>
                      <strong>{a.insatsLabel}</strong> får utföras som extrainsats {formatDate(a.from)} – {formatDate(a.to)}.
                    </p>
                    {a.note && <p>{a.note}</p>}
                    <p className="hint">
                      Registrerad {formatDateTime(a.at)} av {a.by}
                    </p>
                  </li>
                ))}
              </ul>
            </>
          )}
          {data.rows.length === 0 ? (
            <p>Inga extrabesök har registrerats.</p>
          ) : (
            <ul className="plain-list">
              {data.rows.map((e) => (
                <li key={e.id} className="panel-row">
                  <ExtraVisitItem extra={e} headingLevel={3} />
                  {e.actions.review && <ReviewExtraForm extra={e} onDone={(message, next) => after(message)(next)} />}
                  {e.actions.answer && <AnswerForm extra={e} onDone={after('Svaret är skickat till handläggaren.')} />}
                </li>
              ))}
            </ul>
          )}
          {data.registerFor.length > 0 && <RegisterForm key={`register-${data.rows.length}`} reference={reference} insatser={data.registerFor} onDone={after('Extrabesöket är registrerat och väntar på handläggarens granskning.')} />}
          {data.agreeFor.length > 0 && <AgreementForm key={`agree-${data.agreements.length}`} reference={reference} insatser={data.agreeFor} onDone={after('Överenskommelsen är registrerad.')} />}
        </>
      )}
    </section>
  );
}

/** One extra visit: what was done, why, when it was registered, and what became of it. */
export function ExtraVisitItem({ extra: e, headingLevel, showCase }: { extra: ExtraVisitView; headingLevel: 3 | 2; showCase?: boolean }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <>
      <Heading>
        {showCase ? `${e.reference}: ` : ''}Extrabesök {formatDate(e.date)} – {e.insatsLabel}
      </Heading>
      <p>
        <span className="tag">{e.statusLabel}</span>
        {e.late && <span className="tag tag--overdue">Sent registrerat</span>}
        {e.underAgreement && <span className="tag">Enligt överenskommelse</span>}
      </p>
      <dl className="summary-list">
        <Row label="Utförare">{e.providerName}</Row>
        <Row label="Tid">{minutesText(e.minutes)}</Row>
        {e.reason !== undefined && <Row label="Anledning">{e.reason}</Row>}
        <Row label="Registrerat">
          {formatDateTime(e.registeredAt)}
          {e.late ? ' – efter tidsfristen (första vardagen i månaden efter besöket)' : ''}
          {e.status === 'open' || e.status === 'questioned' ? `. Har väntat ${e.ageDays === 1 ? '1 dag' : `${e.ageDays} dagar`}.` : ''}
        </Row>
        {e.underAgreement && <Row label="Överenskommelse">Utfört enligt en överenskommelse om extrainsats i ärendet</Row>}
        {e.question && (
          <Row label="Fråga från handläggaren">
            {e.question.text !== undefined ? `${e.question.text} ` : ''}({formatDateTime(e.question.at)}, svar senast {formatDate(e.question.answerDueOn)})
          </Row>
        )}
        {e.question?.answeredAt && (
          <Row label="Utförarens svar">
            {e.question.answer !== undefined ? `${e.question.answer} ` : ''}({formatDateTime(e.question.answeredAt)})
          </Row>
        )}
        {e.decision && (
          <Row label={e.status === 'approved' ? 'Godkänt' : 'Avslaget'}>
            {formatDateTime(e.decision.at)} av {e.decision.by}
            {e.decision.comment !== undefined ? `. ${e.status === 'rejected' ? 'Skäl' : 'Kommentar'}: ${e.decision.comment}` : ''}
          </Row>
        )}
      </dl>
    </>
  );
}

const DONE: Record<string, string> = {
  approve: 'Extrabesöket är godkänt och kommer med i fakturaunderlaget.',
  reject: 'Extrabesöket är avslaget. Skälet visas för utföraren.',
  question: 'Frågan är skickad till utföraren, som ska svara inom en vecka.',
};

/** **Godkänn**, **Avslå** or **Fråga**, with **Kommentar** (required for the last two). */
export function ReviewExtraForm({ extra: e, onDone }: { extra: ExtraVisitView; onDone: (message: string, next: CaseExtraVisits) => void }) {
  const formId = `review-extra-${e.id}`;
  const questionPending = e.status === 'questioned';
  const form = useDecisionForm({
    formId,
    schema: reviewExtraVisitSchema,
    decisions: ['approve', 'reject', 'question'],
    submit: async (value, decision) => onDone(DONE[decision]!, await portalPost<CaseExtraVisits>(`${extraVisitsPath(e.reference)}/${encodeURIComponent(e.id)}/review`, value)),
  });

  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${formId}-title`}>
      <h4 id={`${formId}-title`}>
        Granska extrabesöket {formatDate(e.date)} ({e.insatsLabel.toLowerCase()})
      </h4>
      <p>Godkända extrabesök ingår i fakturaunderlaget. Avslår du eller frågar du ska du skriva en kommentar till utföraren.{questionPending ? ' Utföraren har inte svarat på din fråga ännu.' : ''}</p>
      <FormErrors form={form.errors} />
      <Field label="Kommentar" hint="Krävs om du avslår eller frågar" multiline field={form.comment} />
      <div className="button-group">
        <button className="button" type="submit" name="decision" value="approve" disabled={form.busy}>
          Godkänn
        </button>
        <button className="button button--secondary" type="submit" name="decision" value="reject" disabled={form.busy}>
          Avslå
        </button>
        {!questionPending && (
          <button className="button button--secondary" type="submit" name="decision" value="question" disabled={form.busy}>
            Fråga
          </button>
        )}
      </div>
    </form>
  );
}

/** The provider's answer to the caseworker's question, due within a week. */
function AnswerForm({ extra: e, onDone }: { extra: ExtraVisitView; onDone: (next: CaseExtraVisits) => void }) {
  const form = useActionForm({
    id: `answer-extra-${e.id}`,
    schema: answerExtraVisitSchema,
    initial: { answer: '' },
    submit: async (value) => onDone(await portalPost<CaseExtraVisits>(`${extraVisitsPath(e.reference)}/${encodeURIComponent(e.id)}/answer`, value)),
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${form.formId}-title`}>
      <h4 id={`${form.formId}-title`}>Svara på handläggarens fråga</h4>
      <FormErrors form={form} />
      <Field label="Svar" hint={e.question ? `Svara senast ${formatDate(e.question.answerDueOn)}` : undefined} multiline field={form.field('answer')} />
      <button className="button" type="submit" disabled={form.busy}>
        Skicka svaret
      </button>
    </form>
  );
}

/** **Registrera extrabesök**: the provider's visit outside the order, with **Anledning**. */
function RegisterForm({ reference, insatser, onDone }: { reference: string; insatser: InsatsType[]; onDone: (next: CaseExtraVisits) => void }) {
  const form = useActionForm({
    id: 'register-extra',
    schema: registerExtraVisitSchema,
    initial: { insatsType: insatser.length === 1 ? insatser[0]! : '', date: stockholmToday(new Date()), minutes: '', reason: '' },
    prepare: (v) => ({ ...v, minutes: /^\s*\d+\s*$/.test(v.minutes ?? '') ? Number(v.minutes) : v.minutes?.trim() ? Number.NaN : undefined }),
    submit: async (value) => onDone(await portalPost<CaseExtraVisits>(extraVisitsPath(reference), value)),
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${form.formId}-title`}>
      <h3 id={`${form.formId}-title`}>Registrera extrabesök</h3>
      <p>Registrera hjälp som ni gav utanför beställningen, senast första vardagen i månaden efter besöket. Ta inte med samma besök i månadens tidrapport.</p>
      <FormErrors form={form} />
      <SelectField label="Insats" field={form.field('insatsType')} options={insatsOptions(insatser)} placeholder="Välj insats" />
      <Field label="Datum" hint="Dagen då besöket gjordes" type="date" field={form.field('date')} />
      <Field label="Minuter" hint="Tiden för extrabesöket, i hela minuter" inputMode="numeric" field={form.field('minutes')} />
      <Field label="Anledning" hint="Varför besöket behövdes och vad ni gjorde" multiline field={form.field('reason')} />
      <button className="button" type="submit" disabled={form.busy}>
        Registrera extrabesök
      </button>
    </form>
  );
}

/** **Överenskommelse om extrainsats**: the caseworker's record that an insats may be done as extra for a while. */
function AgreementForm({ reference, insatser, onDone }: { reference: string; insatser: InsatsType[]; onDone: (next: CaseExtraVisits) => void }) {
  const form = useActionForm({
    id: 'extra-agreement',
    schema: extraAgreementSchema,
    initial: { insatsType: insatser.length === 1 ? insatser[0]! : '', from: '', to: '', note: '' },
    submit: async (value) => onDone(await portalPost<CaseExtraVisits>(`/portal/cases/${encodeURIComponent(reference)}/extra-agreements`, value)),
  });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${form.formId}-title`}>
      <h3 id={`${form.formId}-title`}>Överenskommelse om extrainsats</h3>
      <p>Har du kommit överens med utföraren om att en insats får utföras som extra under en tid? Extrabesök av den insatsen under de dagarna markeras, och granskas som vanligt.</p>
      <FormErrors form={form} />
      <SelectField label="Insats" field={form.field('insatsType')} options={insatsOptions(insatser)} placeholder="Välj insats" />
      <Field label="Från och med" type="date" field={form.field('from')} />
      <Field label="Till och med" type="date" field={form.field('to')} />
      <Field label="Vad ni har kommit överens om" hint="Anteckningen visas för handläggarna och utföraren" multiline field={form.field('note')} />
      <button className="button button--secondary" type="submit" disabled={form.busy}>
        Registrera överenskommelsen
      </button>
    </form>
  );
}
