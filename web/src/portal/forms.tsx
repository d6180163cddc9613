import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { toFieldIssues, type FieldIssue } from '../../../shared/order';
import { PortalError } from './api';

/**
 * The portal's small forms, with the e-service's accessible patterns: every field labelled, an
 * error summary above the form (focused, each entry a link to its field), the message again at the
 * field, validated by the same shared schema the API parses with.
 */
export function useActionForm<S extends $ZodType>(options: {
  id: string;
  schema: S;
  initial: Record<string, string>;
  /** Turns the fields' text into what the schema parses (e.g. a local time into an instant). */
  prepare?: (values: Record<string, string>) => unknown;
  submit: (value: z.infer<S>) => Promise<void>;
}) {
  const [values, setValues] = useState(options.initial);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const parsed = z.safeParse(options.schema, options.prepare ? options.prepare(values) : values);
    if (!parsed.success) {
      setIssues(toFieldIssues(parsed.error));
      setAttempt((a) => a + 1);
      return;
    }
    setIssues([]);
    setBusy(true);
    try {
      await options.submit(parsed.data as z.infer<S>);
    } catch (error) {
      if (error instanceof PortalError && error.issues.length > 0) setIssues(error.issues);
      else setFailure(error instanceof Error ? error.message : 'Något gick fel.');
      setAttempt((a) => a + 1);
    } finally {
      setBusy(false);
    }
  };
  const field = (name: string) => ({
    id: `${options.id}-${name}`,
    value: values[name] ?? '',
    error: issues.find((i) => i.path === name)?.message,
    onChange: (value: string) => setValues((v) => ({ ...v, [name]: value })),
  });
  return { onSubmit, field, issues, failure, busy, attempt, formId: options.id };
}

export function FormErrors({ form }: { form: { issues: FieldIssue[]; failure?: string; attempt: number; formId: string } }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = form.issues.length > 0 || Boolean(form.failure);
  useEffect(() => {
    if (shown && form.attempt > 0) ref.current?.focus();
  }, [form.attempt, shown]);
  if (!shown) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby={`${form.formId}-errors`}>
      <h3 className="error-summary__title" id={`${form.formId}-errors`}>
        {form.failure ? 'Det gick inte att spara' : 'Det finns fel i formuläret'}
      </h3>
      {form.failure && <p>{form.failure}</p>}
      <ul className="error-summary__list">
        {form.issues.map((issue) => (
          <li key={issue.path}>
            <a href={`#${form.formId}-${issue.path}`} onClick={(e) => { e.preventDefault(); document.getElementById(`${form.formId}-${issue.path}`)?.focus(); }}>
              {issue.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  label: string;
  hint?: string;
  field: { id: string; value: string; error?: string; onChange: (value: string) => void };
  type?: 'text' | 'date' | 'tel' | 'datetime-local';
  multiline?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'text' | 'tel';
  children?: ReactNode;
}

/** A field's label, hint and error message around its control, the control described by both. */
function FieldFrame({ label, hint, field, children }: { label: string; hint?: string; field: FieldProps['field']; children: (described: string | undefined) => ReactNode }) {
  const described = [hint ? `${field.id}-hint` : '', field.error ? `${field.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-group${field.error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={field.id}>
        {label}
      </label>
      {hint && (
        <div className="hint" id={`${field.id}-hint`}>
          {hint}
        </div>
      )}
      {field.error && (
        <p className="error-message" id={`${field.id}-error`}>
          <span className="visually-hidden">Fel: </span>
          {field.error}
        </p>
      )}
      {children(described)}
    </div>
  );
}

export function Field({ label, hint, field, type = 'text', multiline, autoComplete, inputMode }: FieldProps) {
  return (
    <FieldFrame label={label} hint={hint} field={field}>
      {(described) => {
        const common = {
          id: field.id,
          name: field.id,
          value: field.value,
          'aria-describedby': described,
          'aria-invalid': field.error ? true : undefined,
          onChange: (e: { target: { value: string } }) => field.onChange(e.target.value),
        };
        return multiline ? (
          <textarea className={`textarea${field.error ? ' input--error' : ''}`} rows={4} {...common} />
        ) : (
          <input className={`input${field.error ? ' input--error' : ''}`} type={type} autoComplete={autoComplete} inputMode={inputMode} {...common} />
        );
      }}
    </FieldFrame>
  );
}

/** What an action did, said where the person's focus goes (a status message). */
export function Done({ message }: { message: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [message]);
  return (
    <div className="notice notice--success" ref={ref} tabIndex={-1} role="status">
      <p>{message}</p>
    </div>
  );
}

/** A labelled choice among a few options, with the same error pattern as `Field`. */
export function SelectField({ label, hint, field, options, placeholder }: { label: string; hint?: string; field: FieldProps['field']; options: { value: string; label: string }[]; placeholder: string }) {
  return (
    <FieldFrame label={label} hint={hint} field={field}>
      {(described) => (
        <select className="select" id={field.id} name={field.id} value={field.value} onChange={(e) => field.onChange(e.target.value)} aria-describedby={described} aria-invalid={field.error ? true : undefined}>
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/**
 * A form whose submit buttons are its decisions (**Godkänn** / **Skicka tillbaka**, **Godkänn** /
 * **Avslå** / **Fråga**) with one comment: the decision is the button pressed, checked with the
 * shared schema before it is sent, the server's field errors shown as the schema's would be.
 */
export function useDecisionForm<S extends $ZodType>(options: { formId: string; schema: S; decisions: readonly string[]; submit: (value: z.infer<S>, decision: string) => Promise<void> }) {
  const [comment, setComment] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const decision = ((event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
    if (!decision || !options.decisions.includes(decision)) return;
    setFailure(undefined);
    const parsed = z.safeParse(options.schema, { decision, ...(comment.trim() ? { comment } : {}) });
    if (!parsed.success) {
      setIssues(toFieldIssues(parsed.error));
      setAttempt((a) => a + 1);
      return;
    }
    setIssues([]);
    setBusy(true);
    try {
      await options.submit(parsed.data as z.infer<S>, decision);
    } catch (error) {
      if (error instanceof PortalError && error.issues.length > 0) setIssues(error.issues);
      else setFailure(error instanceof Error ? error.message : 'Något gick fel.');
      setAttempt((a) => a + 1);
    } finally {
      setBusy(false);
    }
  };
  return {
    onSubmit,
    busy,
    errors: { issues, failure, attempt, formId: options.formId },
    comment: { id: `${options.formId}-comment`, value: comment, error: issues.find((i) => i.path === 'comment')?.message, onChange: setComment },
  };
}
