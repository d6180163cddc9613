import type { ReactNode } from 'react';
import { useController, useFormContext, useFormState, type RegisterOptions } from 'react-hook-form';
import type { OrderInput } from '../../../shared/order';
import { errorAt } from './errors';
import { fieldId } from './steps';

/** A field name of the order form (dotted path; array rows by index). */
type Name = string;

interface FieldBase {
  name: Name;
  label: ReactNode;
  hint?: ReactNode;
  /** Required fields say so in their label. */
  optional?: boolean;
  className?: string;
}

function describedBy(id: string, hint: boolean, error: boolean) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function RequiredMark({ optional }: { optional?: boolean }) {
  return optional ? <span className="label-note"> (frivilligt)</span> : <span className="label-note"> (obligatoriskt)</span>;
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div className="hint" id={`${id}-hint`}>
      {children}
    </div>
  );
}

export function ErrorMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="error-message" id={`${id}-error`}>
      <span className="visually-hidden">Fel: </span>
      {message}
    </p>
  );
}

/** The error message of one field, from the form's state. */
export function useFieldError(name: Name): string | undefined {
  const { errors } = useFormState<OrderInput>();
  return errorAt(errors, name);
}

/** `""` → `undefined`, so that an empty optional field is left out of the order. */
export const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** "1 234,5" → 1234.5; empty → undefined; anything else that isn't a number → NaN (the schema says so). */
export const parseDecimal = (value: unknown) => {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const normalized = value.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : Number.NaN;
};

interface TextFieldProps extends FieldBase {
  type?: 'text' | 'email' | 'tel' | 'date';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'email';
  maxLength?: number;
  /** Width class: `w-4` … `w-20` characters, or full width. */
  width?: 'w-4' | 'w-5' | 'w-8' | 'w-10' | 'w-12' | 'w-20';
  spellCheck?: boolean;
  options?: RegisterOptions<OrderInput>;
}

export function TextField({
  name,
  label,
  hint,
  optional,
  type = 'text',
  autoComplete,
  inputMode,
  maxLength,
  width,
  spellCheck,
  options,
  className,
}: TextFieldProps) {
  const { register } = useFormContext<OrderInput>();
  const error = useFieldError(name);
  const id = fieldId(name);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}${className ? ` ${className}` : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
        <RequiredMark optional={optional} />
      </label>
      {hint && <Hint id={id}>{hint}</Hint>}
      <ErrorMessage id={id} message={error} />
      <input
        className={`input${width ? ` input--${width}` : ''}${error ? ' input--error' : ''}`}
        id={id}
        type={type}
        autoComplete={autoComplete ?? 'off'}
        inputMode={inputMode}
        maxLength={maxLength}
        spellCheck={spellCheck}
        aria-required={optional ? undefined : true}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, !!hint, !!error)}
        {...register(name as never, options as never)}
      />
    </div>
  );
}

interface TextAreaProps extends FieldBase {
  maxLength?: number;
  rows?: number;
  options?: RegisterOptions<OrderInput>;
}

export function TextArea({ name, label, hint, optional, maxLength, rows = 4, options, className }: TextAreaProps) {
  const { register } = useFormContext<OrderInput>();
  const error = useFieldError(name);
  const id = fieldId(name);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}${className ? ` ${className}` : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
        <RequiredMark optional={optional} />
      </label>
      {hint && <Hint id={id}>{hint}</Hint>}
      <ErrorMessage id={id} message={error} />
      <textarea
        className={`textarea${error ? ' input--error' : ''}`}
        id={id}
        rows={rows}
        maxLength={maxLength}
        aria-required={optional ? undefined : true}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, !!hint, !!error)}
        {...register(name as never, options as never)}
      />
    </div>
  );
}

interface SelectProps extends FieldBase {
  placeholder: string;
  choices: { value: string; label: string }[];
}

export function SelectField({ name, label, hint, optional, placeholder, choices, className }: SelectProps) {
  const { register } = useFormContext<OrderInput>();
  const error = useFieldError(name);
  const id = fieldId(name);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}${className ? ` ${className}` : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
        <RequiredMark optional={optional} />
      </label>
      {hint && <Hint id={id}>{hint}</Hint>}
      <ErrorMessage id={id} message={error} />
      <select
        className={`select${error ? ' input--error' : ''}`}
        id={id}
        aria-required={optional ? undefined : true}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, !!hint, !!error)}
        {...register(name as never)}
      >
        <option value="">{placeholder}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface YesNoProps {
  name: Name;
  legend: ReactNode;
  hint?: ReactNode;
  /** Shown under the "Ja" answer while it is chosen. */
  yesDetails?: ReactNode;
}

/** A ja/nej question stored as a boolean. The first radio carries the field's id. */
export function YesNo({ name, legend, hint, yesDetails }: YesNoProps) {
  const { field } = useController<OrderInput>({ name: name as never });
  const error = useFieldError(name);
  const id = fieldId(name);
  const value = field.value as unknown;
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(id, !!hint, !!error)}>
        <legend className="legend">
          {legend}
          <RequiredMark />
        </legend>
        {hint && <Hint id={id}>{hint}</Hint>}
        <ErrorMessage id={id} message={error} />
        <div className="radios radios--inline">
          <div className="radio">
            <input
              className="radio__input"
              type="radio"
              id={id}
              name={name}
              value="ja"
              checked={value === true}
              onChange={() => field.onChange(true)}
              onBlur={field.onBlur}
              ref={field.ref}
            />
            <label className="radio__label" htmlFor={id}>
              Ja
            </label>
          </div>
          <div className="radio">
            <input
              className="radio__input"
              type="radio"
              id={`${id}-nej`}
              name={name}
              value="nej"
              checked={value === false}
              onChange={() => field.onChange(false)}
              onBlur={field.onBlur}
            />
            <label className="radio__label" htmlFor={`${id}-nej`}>
              Nej
            </label>
          </div>
        </div>
        {value === true && yesDetails}
      </fieldset>
    </div>
  );
}
