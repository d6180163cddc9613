import { useEffect, useRef, useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { ATTACHMENT_ACCEPT, ATTACHMENT_TYPES_TEXT, MAX_ATTACHMENT_BYTES } from '../../../shared/messages';
import { toFieldIssues, type FieldIssue } from '../../../shared/order';
import {
  reportedQuantityText,
  reviewTimeReportSchema,
  submitTimeReportSchema,
  type CaseTimeReports,
  type TimeReportVersionView,
  type TimeReportView,
} from '../../../shared/time-reports';
import { COMPOSER_FILE_FIELD_ID } from '../messages/Messages';
import { fileProblem, sendMessage, uploadAttachment, uploadErrorMessage, type AttachmentClient } from '../messages/upload';
import { SummaryRow as Row } from '../summary-list';
import { portalGet, portalPost, PortalError } from './api';
import { Done, Field, FormErrors, useDecisionForm } from './forms';
import { formatDate, formatDateTime } from './labels';

type ReportsAction = { done: string; reports: CaseTimeReports };
/** `templateFailure`: the report went in, but the home municipality's template could not be sent with it — why. */
type OnDone = (result: ReportsAction & { templateFailure?: string }) => void;

const messagesClient: AttachmentClient = { post: portalPost };

/**
 * **Tidrapporter** on the case page: every month's expected report of the case's assignments, as
 * the person may see it — the provider reports each month (**Skicka tidrapporten**), the
 * caseworker reconciles it against the granted scope (**Godkänn** or **Skicka tillbaka**), the
 * billing view reads them. The section loads its own data, as the messages do.
 */
export function TimeReports({ reference, onMessageSent }: { reference: string; /** A report's template was sent as a message in the case. */ onMessageSent?: () => void }) {
  const [data, setData] = useState<CaseTimeReports>();
  const [failure, setFailure] = useState<string>();
  const [done, setDone] = useState<string>();
  const [templateFailure, setTemplateFailure] = useState<string>();
  const base = `/portal/cases/${encodeURIComponent(reference)}/time-reports`;
  const messages = { base: `/cases/${encodeURIComponent(reference)}`, onSent: () => onMessageSent?.() };

  useEffect(() => {
    portalGet<CaseTimeReports>(base).then(setData, (e: Error) => setFailure(e.message));
  }, [base]);

  const after: OnDone = (result) => {
    setDone(result.templateFailure ? undefined : result.done);
    setTemplateFailure(result.templateFailure);
    setData(result.reports);
  };

  return (
    <section aria-labelledby="time-reports-title" className="time-reports">
      <h2 id="time-reports-title">Tidrapporter</h2>
      {failure && <p className="error-message">Tidrapporterna kunde inte hämtas: {failure}</p>}
      {!data && !failure && (
        <p role="status" className="loading">
          Hämtar tidrapporter …
        </p>
      )}
      {done && <Done message={done} />}
      {templateFailure && <TemplateFailure message={templateFailure} />}
      {data && data.reports.length === 0 && <p>Inga tidrapporter ännu. Utföraren rapporterar varje månad från det startdatum som uppdraget bekräftades med.</p>}
      {data?.reports.map((r) => (
        <Report key={`${r.insatsType}-${r.month}`} report={r} base={base} messages={messages} onDone={after} />
      ))}
    </section>
  );
}


/**
 * The report went in but its template did not: said plainly, focused like an error summary, with a
 * link to **Bifoga fil** of the messages below (the report's form is gone once the report is in).
 */
function TemplateFailure({ message }: { message: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [message]);
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby="time-report-template-errors">
      <h3 className="error-summary__title" id="time-report-template-errors">
        Hemkommunens mall kunde inte bifogas
      </h3>
      <p>{message}</p>
      <ul className="error-summary__list">
        <li>
          <a
            href={`#${COMPOSER_FILE_FIELD_ID}`}
            onClick={(e) => {
              e.preventDefault();
              document.getElementById(COMPOSER_FILE_FIELD_ID)?.focus();
            }}
          >
            Bifoga mallen under Meddelanden
          </a>
        </li>
      </ul>
    </div>
  );
}

interface MessagesTarget {
  /** The case's path for its messages, `/cases/<reference>`. */
  base: string;
  onSent: () => void;
}

const isPartial = (r: TimeReportView) => r.period.days < r.period.daysInMonth;

/** The visual marker beside the deviation's words: a sign as well as a colour. */
const DEVIATION_MARKERS: Record<NonNullable<TimeReportView['deviation']>, string> = { within: '✓', over: '▲', under: '▼', not_comparable: '?' };

function Deviation({ report: r }: { report: TimeReportView }) {
  if (!r.deviation || !r.deviationLabel) return null;
  return (
    <span className={`deviation deviation--${r.deviation}`}>
      <span className="deviation__marker" aria-hidden="true">
        {DEVIATION_MARKERS[r.deviation]}
      </span>
      {r.deviationLabel}
    </span>
  );
}

function Report({ report: r, base, messages, onDone }: { report: TimeReportView; base: string; messages: MessagesTarget; onDone: OnDone }) {
  const id = `time-report-${r.insatsType}-${r.month}`;
  const latest = r.versions.at(-1);
  const earlier = r.versions.slice(0, -1).reverse();
  const path = `${base}/${r.insatsType}/${r.month}`;
  return (
    <article className="card time-report" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {r.insatsLabel}, {r.monthLabel}
      </h3>
      <dl className="summary-list">
        <Row label="Period">
          {isPartial(r) ? (
            <>
              {formatDate(r.period.from)} – {formatDate(r.period.to)} ({r.period.days} av {r.period.daysInMonth} dagar)
            </>
          ) : (
            'Hela månaden'
          )}
        </Row>
        <Row label="Sista dag">{formatDate(r.dueDate)}</Row>
        <Row label="Status">
          {r.statusLabel}
          {r.overdue && <span className="tag tag--overdue">Försenad</span>}
        </Row>
        <Row label="Beviljat">{r.grantedText ?? 'Beviljat i en annan enhet än rapporten'}</Row>
        <Row label="Rapporterat">{latest ? latest.totalText : 'Inte rapporterat ännu'}</Row>
        {r.deviationLabel && (
          <Row label="Avstämning">
            <Deviation report={r} />
          </Row>
        )}
        {r.chased.length > 0 && (
          <Row label="Påminnelser">
            <ul className="plain-list">
              {r.chased.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          </Row>
        )}
      </dl>
      {latest && <Version version={latest} report={r} latest />}
      {earlier.length > 0 && (
        <details className="time-report__earlier">
          <summary>{earlier.length === 1 ? 'Tidigare version' : `Tidigare versioner (${earlier.length})`}</summary>
          {earlier.map((v) => (
            <Version key={v.version} version={v} report={r} />
          ))}
        </details>
      )}
      {r.maySubmit && <SubmitForm key={r.versions.length} report={r} path={path} messages={messages} onDone={onDone} />}
      {r.mayReview && latest && <ReviewForm key={latest.version} report={r} latest={latest} path={path} onDone={onDone} />}
    </article>
  );
}

function Version({ version: v, report: r, latest }: { version: TimeReportVersionView; report: TimeReportView; latest?: boolean }) {
  return (
    <div className="time-report__version">
      <h4>
        Version {v.version}
        {latest && r.versions.length > 1 ? ' (senaste)' : ''}
      </h4>
      <p className="caption">
        Inskickad {formatDateTime(v.submittedAt)} av {v.submittedBy}
        {v.late && <span className="tag tag--overdue">Lämnad efter sista dagen</span>}
      </p>
      <dl className="summary-list">
        <Row label="Inom beställningen">{v.quantityText}</Row>
        <Row label="Extrabesök">
          {v.extras.length === 0 ? (
            'Inga'
          ) : (
            <ul className="plain-list">
              {v.extras.map((e, i) => (
                <li key={i}>
                  {formatDate(e.date)}: {e.quantityText}. Skäl: {e.reason}
                </li>
              ))}
            </ul>
          )}
        </Row>
        <Row label="Summa">{v.totalText}</Row>
        {v.comment && (
          <Row label="Kommentar">
            <span className="pre-line">{v.comment}</span>
          </Row>
        )}
        {v.review && (
          <Row label={v.review.decision === 'approve' ? 'Godkänd' : 'Skickad tillbaka'}>
            {formatDateTime(v.review.at)} av {v.review.by}
            {v.review.comment && (
              <>
                <br />
                Kommentar: <span className="pre-line">{v.review.comment}</span>
              </>
            )}
          </Row>
        )}
      </dl>
    </div>
  );
}

/** The text of a number field as a whole number: `undefined` when blank, `null` when not a whole number. */
function wholeOf(text: string): number | undefined | null {
  const t = text.trim();
  if (t === '') return undefined;
  return /^\d{1,6}$/.test(t) ? Number(t) : null;
}

interface Amount {
  hours: string;
  minutes: string;
  count: string;
}
const emptyAmount: Amount = { hours: '', minutes: '', count: '' };

/** What a quantity field holds in the report's unit (hours and minutes → minutes), or why it can't be read. */
function quantityOf(unit: TimeReportView['unit'], a: Amount): { value?: number; error?: string } {
  if (unit !== 'minutes') {
    const n = wholeOf(a.count);
    return n === null ? { error: 'Ange antalet som ett heltal, med siffror' } : { value: n };
  }
  const h = wholeOf(a.hours);
  const m = wholeOf(a.minutes);
  if (h === null || m === null) return { error: 'Ange hela timmar och minuter, med siffror' };
  if (m !== undefined && m > 59) return { error: 'Ange minuter från 0 till 59' };
  if (h === undefined && m === undefined) return {};
  return { value: (h ?? 0) * 60 + (m ?? 0) };
}

interface ExtraRow extends Amount {
  key: number;
  date: string;
  reason: string;
}

/** The fields in the order they stand in the form, for the error summary. */
function fieldOrder(path: string): number {
  if (path === 'quantity') return 0;
  const extra = /^extras\.(\d+)\.(date|quantity|reason)$/.exec(path);
  if (extra) return 1 + Number(extra[1]) * 3 + ['date', 'quantity', 'reason'].indexOf(extra[2]);
  if (path.startsWith('extras')) return 999;
  if (path === 'comment') return 1000;
  return path === 'template' ? 1001 : 1002;
}

function mergeIssues(first: FieldIssue[], second: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return [...first, ...second].filter((i) => (seen.has(i.path) ? false : (seen.add(i.path), true))).sort((a, b) => fieldOrder(a.path) - fieldOrder(b.path));
}

/** After removing extra visit `removed`, the errors of the rows after it move up one. */
function shiftIssues(issues: FieldIssue[], removed: number): FieldIssue[] {
  return issues.flatMap((issue) => {
    const m = /^extras\.(\d+)\.(.+)$/.exec(issue.path);
    if (!m) return [issue];
    const index = Number(m[1]);
    if (index === removed) return [];
    return [index > removed ? { ...issue, path: `extras.${index - 1}.${m[2]}` } : issue];
  });
}

/**
 * **Rapportera tid**: the provider's report of the month, in the report's unit, with the extra
 * visits — and, if the home municipality wants it, its own template: once the report is in, the
 * file goes as a message to the home municipality in the case, as **Bifoga fil** sends it.
 */
function SubmitForm({ report: r, path, messages, onDone }: { report: TimeReportView; path: string; messages: MessagesTarget; onDone: OnDone }) {
  const formId = `report-${r.insatsType}-${r.month}`;
  const [amount, setAmount] = useState<Amount>(emptyAmount);
  const [extras, setExtras] = useState<ExtraRow[]>([]);
  const [comment, setComment] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [template, setTemplate] = useState<File>();
  const [sendingTemplate, setSendingTemplate] = useState(false);
  const nextKey = useRef(0);
  const focusAfter = useRef<string>();
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!focusAfter.current) return;
    if (focusAfter.current === 'add') addButton.current?.focus();
    else document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = undefined;
  }, [extras.length]);

  const errorOf = (p: string) => issues.find((i) => i.path === p)?.message;
  const fieldOf = (p: string, value: string, onChange: (value: string) => void) => ({ id: `${formId}-${p}`, value, error: errorOf(p), onChange });
  const updateExtra = (key: number, change: Partial<ExtraRow>) => setExtras((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const addExtra = () => {
    focusAfter.current = `${formId}-extras.${extras.length}.date`;
    setExtras((rows) => [...rows, { key: nextKey.current++, date: '', reason: '', ...emptyAmount }]);
  };
  const removeExtra = (index: number) => {
    focusAfter.current = 'add';
    setExtras((rows) => rows.filter((_, i) => i !== index));
    setIssues((current) => shiftIssues(current, index));
  };

  const main = quantityOf(r.unit, amount);
  const extraQuantities = extras.map((e) => quantityOf(r.unit, e));
  const sum = (main.value ?? 0) + extraQuantities.reduce((s, q) => s + (q.value ?? 0), 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const local: FieldIssue[] = [
      ...(main.error ? [{ path: 'quantity', message: main.error }] : []),
      ...extraQuantities.flatMap((q, i) => (q.error ? [{ path: `extras.${i}.quantity`, message: q.error }] : [])),
    ];
    const templateProblem = template && fileProblem(template);
    if (template && templateProblem) local.push({ path: 'template', message: `${template.name}: ${templateProblem}` });
    const body = {
      quantity: main.value,
      extras: extras.map((e, i) => ({ date: e.date, quantity: extraQuantities[i].value, reason: e.reason })),
      ...(comment.trim() ? { comment } : {}),
    };
    const parsed = z.safeParse(submitTimeReportSchema, body);
    if (local.length > 0 || !parsed.success) {
      setIssues(mergeIssues(local, parsed.success ? [] : toFieldIssues(parsed.error)));
      setAttempt((a) => a + 1);
      return;
    }
    setIssues([]);
    setBusy(true);
    let result: ReportsAction;
    try {
      result = await portalPost<ReportsAction>(path, parsed.data);
    } catch (error) {
      if (error instanceof PortalError && error.issues.length > 0) setIssues(mergeIssues(error.issues, []));
      else setFailure(error instanceof Error ? error.message : 'Något gick fel.');
      setAttempt((a) => a + 1);
      setBusy(false);
      return;
    }
    if (!template) {
      setBusy(false);
      onDone(result);
      return;
    }
    // The report is in: whatever happens to the template now, it stays in.
    setSendingTemplate(true);
    try {
      const attachment = await uploadAttachment(messagesClient, messages.base, template);
      const version = result.reports.reports.find((x) => x.insatsType === r.insatsType && x.month === r.month)?.versions.at(-1)?.version ?? r.versions.length + 1;
      const text = `Tidrapport ${r.insatsLabel.toLowerCase()} ${r.monthLabel} (version ${version}): hemkommunens mall bifogad.`;
      await sendMessage(messagesClient, messages.base, { channel: 'conversation', text, attachmentIds: [attachment.id] }, crypto.randomUUID());
      messages.onSent();
      onDone({ ...result, done: `${result.done} Mallen är skickad till hemkommunen som meddelande.` });
    } catch (error) {
      const reason = uploadErrorMessage(error).replace(/[.\s]+$/, '');
      onDone({ ...result, templateFailure: `Tidrapporten är inskickad, men mallen kunde inte bifogas: ${reason}. Bifoga den i meddelandena nedan.` });
    } finally {
      setSendingTemplate(false);
      setBusy(false);
    }
  };

  const periodText = `${formatDate(r.period.from)} – ${formatDate(r.period.to)}`;
  const countLabel = `Antal ${r.unitLabel}`;

  return (
    <form className="action time-report__form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h4 id={`${formId}-title`}>Rapportera tid för {r.monthLabel}</h4>
      <p>
        Rapportera det som ni har utfört inom beställningen under perioden {periodText}
        {r.grantedText ? ` (beviljat: ${r.grantedText})` : ''}. Besök utanför beställningen lägger du till som extrabesök, med skäl.
      </p>
      <FormErrors form={{ issues, failure, attempt, formId }} />
      {r.unit === 'minutes' ? (
        <DurationField id={`${formId}-quantity`} legend="Utförd tid inom beställningen" hint="Timmar och minuter under hela perioden" error={errorOf('quantity')} amount={amount} onChange={(change) => setAmount((a) => ({ ...a, ...change }))} />
      ) : (
        <CountField
          id={`${formId}-quantity`}
          label={countLabel}
          hint={r.unit === 'days' ? `Högst ${r.period.days} dagar (periodens längd)` : `Utförda ${r.unitLabel} inom beställningen under perioden`}
          error={errorOf('quantity')}
          value={amount.count}
          onChange={(count) => setAmount((a) => ({ ...a, count }))}
        />
      )}

      <h5 className="time-report__subheading">Extrabesök</h5>
      {extras.length === 0 && <p>Inga extrabesök tillagda.</p>}
      {extras.map((e, i) => (
        <fieldset className="fieldset row-group" key={e.key}>
          <legend className="legend">Extrabesök {i + 1}</legend>
          <Field label="Datum" hint={`Inom perioden ${periodText}`} type="date" field={fieldOf(`extras.${i}.date`, e.date, (date) => updateExtra(e.key, { date }))} />
          {r.unit === 'minutes' ? (
            <DurationField id={`${formId}-extras.${i}.quantity`} legend="Omfattning" hint="Timmar och minuter" error={errorOf(`extras.${i}.quantity`)} amount={e} onChange={(change) => updateExtra(e.key, change)} />
          ) : (
            <CountField id={`${formId}-extras.${i}.quantity`} label="Omfattning" hint={`Antal ${r.unitLabel}`} error={errorOf(`extras.${i}.quantity`)} value={e.count} onChange={(count) => updateExtra(e.key, { count })} />
          )}
          <Field label="Skäl" hint="Varför besöket behövdes utöver beställningen" field={fieldOf(`extras.${i}.reason`, e.reason, (reason) => updateExtra(e.key, { reason }))} autoComplete="off" />
          <button type="button" className="button button--secondary button--small" onClick={() => removeExtra(i)}>
            Ta bort<span className="visually-hidden"> extrabesök {i + 1}</span>
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" className="button button--secondary" ref={addButton} onClick={addExtra}>
          Lägg till extrabesök
        </button>
      </p>

      <Field label="Kommentar (frivillig)" multiline field={fieldOf('comment', comment, setComment)} />
      <TemplateField id={`${formId}-template`} error={errorOf('template')} onChange={setTemplate} />
      <p className="time-report__sum" aria-live="polite" aria-atomic="true">
        Summa: {reportedQuantityText(sum, r.unit, r.insatsType)}
        {extras.length > 0 ? ' inklusive extrabesök' : ''}
      </p>
      <button className="button" type="submit" disabled={busy}>
        Skicka tidrapporten
      </button>
      {sendingTemplate && template && (
        <p role="status" className="loading">
          Laddar upp och skickar mallen {template.name} …
        </p>
      )}
    </form>
  );
}

function describedBy(id: string, hint?: string, error?: string) {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="error-message" id={`${id}-error`}>
      <span className="visually-hidden">Fel: </span>
      {error}
    </p>
  );
}

function NumberInput({ id, value, onChange, described, error }: { id: string; value: string; onChange: (value: string) => void; described?: string; error?: string }) {
  return (
    <input
      className={`input input--w-5${error ? ' input--error' : ''}`}
      type="number"
      inputMode="numeric"
      min={0}
      step={1}
      id={id}
      name={id}
      value={value}
      aria-describedby={described}
      aria-invalid={error ? true : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** **Hemkommunens mall (valfritt)**: one file, the types a message may carry. */
function TemplateField({ id, error, onChange }: { id: string; error?: string; onChange: (file: File | undefined) => void }) {
  const hint = `T.ex. hemkommunens egen tidrapportmall. Den skickas som ett meddelande till hemkommunen i ärendet. ${ATTACHMENT_TYPES_TEXT}, högst ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`;
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={id}>
        Hemkommunens mall (valfritt)
      </label>
      <div className="hint" id={`${id}-hint`}>
        {hint}
      </div>
      <ErrorText id={id} error={error} />
      <input
        className="file-input"
        type="file"
        id={id}
        name={id}
        accept={ATTACHMENT_ACCEPT}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.files?.[0] ?? undefined)}
      />
    </div>
  );
}

/** A whole number of visits, portions or days. */
function CountField({ id, label, hint, error, value, onChange }: { id: string; label: string; hint?: string; error?: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <ErrorText id={id} error={error} />
      <NumberInput id={id} value={value} onChange={onChange} described={describedBy(id, hint, error)} error={error} />
    </div>
  );
}

/** Hours and minutes, **Timmar** and **Minuter**: the first one carries the field's id, so the error summary lands on it. */
function DurationField({ id, legend, hint, error, amount, onChange }: { id: string; legend: string; hint?: string; error?: string; amount: Amount; onChange: (change: Partial<Amount>) => void }) {
  const described = describedBy(id, hint, error);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset className="fieldset">
        <legend className="label">{legend}</legend>
        {hint && (
          <div className="hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        <ErrorText id={id} error={error} />
        <div className="field-row">
          <div className="duration__part">
            <label className="label" htmlFor={id}>
              Timmar
            </label>
            <NumberInput id={id} value={amount.hours} onChange={(hours) => onChange({ hours })} described={described} error={error} />
          </div>
          <div className="duration__part">
            <label className="label" htmlFor={`${id}-minutes`}>
              Minuter
            </label>
            <NumberInput id={`${id}-minutes`} value={amount.minutes} onChange={(minutes) => onChange({ minutes })} described={described} error={error} />
          </div>
        </div>
      </fieldset>
    </div>
  );
}

/** The caseworker's reconciliation: **Godkänn**, or **Skicka tillbaka** with what the provider should correct. */
function ReviewForm({ report: r, latest, path, onDone }: { report: TimeReportView; latest: TimeReportVersionView; path: string; onDone: OnDone }) {
  const formId = `review-${r.insatsType}-${r.month}`;
  const form = useDecisionForm({ formId, schema: reviewTimeReportSchema, decisions: ['approve', 'return'], submit: async (value) => onDone(await portalPost<ReportsAction>(`${path}/review`, value)) });

  return (
    <form className="action time-report__form" onSubmit={form.onSubmit} noValidate aria-labelledby={`${formId}-title`}>
      <h4 id={`${formId}-title`}>Stäm av tidrapporten för {r.monthLabel}</h4>
      <p>
        Rapporterat: {latest.totalText}
        {latest.extras.length > 0 ? ` (varav extrabesök ${reportedQuantityText(latest.extrasTotal, r.unit, r.insatsType)})` : ''}. Beviljat: {r.grantedText ?? 'i en annan enhet än rapporten'}.
      </p>
      {r.deviationLabel && (
        <p>
          <Deviation report={r} />
        </p>
      )}
      <p>Godkänd tid ingår i fakturaunderlaget. Skickar du tillbaka rapporten ska du skriva vad utföraren ska rätta.</p>
      <FormErrors form={form.errors} />
      <Field label="Kommentar" hint="Krävs om du skickar tillbaka rapporten" multiline field={form.comment} />
      <div className="button-group">
        <button className="button" type="submit" name="decision" value="approve" disabled={form.busy}>
          Godkänn
        </button>
        <button className="button button--secondary" type="submit" name="decision" value="return" disabled={form.busy}>
          Skicka tillbaka
        </button>
      </div>
    </form>
  );
}
