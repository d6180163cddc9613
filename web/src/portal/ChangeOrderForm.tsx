import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useRef, useState } from 'react';
import { FormProvider, useFieldArray, useForm, type FieldPath } from 'react-hook-form';
import { stockholmToday } from '../../../shared/dates';
import { INSATS_LABELS, INSATS_TYPES, RATE_PERIOD_LABELS, RATE_PERIODS, SCOPE_UNIT_LABELS, SCOPE_UNITS } from '../../../shared/insatser';
import { LIMITS } from '../../../shared/order';
import { changeOrderSchemaFor, type ChangeOrder, type ChangeOrderInput } from '../../../shared/order-change';
import { ErrorSummary } from '../order/ErrorSummary';
import { collectErrors, inPageOrder } from '../order/errors';
import { emptyToUndefined, parseDecimal, SelectField, TextArea, TextField } from '../order/fields';
import { PortalError } from './api';

/** An insats of the order as it is now, to start the change from (the description only where the reader has it). */
export interface CurrentInsats {
  type: string;
  description?: string;
  scope: { amount: number; unit: string };
  rate?: { amountSek: number; per: string };
}

interface Props {
  version: number;
  stay: { from: string; to: string };
  insatser: CurrentInsats[];
  /** The first day can no longer move (the stay has begun, or a start is confirmed). */
  fromLocked: boolean;
  /** The orderer: we never send the descriptions back, so each row keeps its own unless a new one is written. */
  keepsDescriptions: boolean;
  submit: (body: ChangeOrder) => Promise<void>;
}

const number = { setValueAs: parseDecimal };
const optionalText = { setValueAs: emptyToUndefined };

/**
 * **Ändra beställningen**: the stay's days and the insatser, validated by the same schema as the
 * API (the intake's rules for each row). The error summary above the form links to each field.
 */
export function ChangeOrderForm(props: Props) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  return (
    <section className="action" aria-labelledby="change-title">
      <h2 id="change-title">Ändra beställningen</h2>
      <p>Förläng eller korta vistelsen, lägg till, ändra eller ta bort insatser. Utförarna som berörs får besked och bekräftar ändringen.</p>
      {!open ? (
        <button ref={toggle} className="button button--secondary" type="button" aria-expanded="false" onClick={() => setOpen(true)}>
          Ändra beställningen
        </button>
      ) : (
        <ChangeFields
          {...props}
          close={() => {
            setOpen(false);
            requestAnimationFrame(() => toggle.current?.focus());
          }}
        />
      )}
    </section>
  );
}

function ChangeFields({ version, stay, insatser, fromLocked, keepsDescriptions, submit, close }: Props & { close: () => void }) {
  const today = stockholmToday(new Date());
  const schema = useMemo(() => changeOrderSchemaFor({ today, current: stay, fromLocked, currentRows: insatser.length }), [today, stay, fromLocked, insatser.length]);
  const methods = useForm<ChangeOrderInput, unknown, ChangeOrder>({
    resolver: zodResolver(schema),
    defaultValues: {
      version,
      stay: { from: stay.from, to: stay.to },
      decision: {
        insatser: insatser.map((i, index) => ({
          type: i.type,
          ...(keepsDescriptions ? { keepDescriptionOf: index } : { description: i.description ?? '' }),
          scope: { amount: i.scope.amount, unit: i.scope.unit },
          rate: { amountSek: i.rate?.amountSek, per: i.rate?.per ?? '' },
        })) as ChangeOrderInput['decision']['insatser'],
      },
    },
    shouldFocusError: false,
  });
  const rows = useFieldArray({ control: methods.control, name: 'decision.insatser' });
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<string>();
  const addButton = useRef<HTMLButtonElement>(null);
  const errors = inPageOrder(collectErrors(methods.formState.errors));

  const onSubmit = methods.handleSubmit(
    async (value) => {
      setFailure(undefined);
      try {
        await submit(value);
        close();
      } catch (error) {
        if (error instanceof PortalError && error.issues.length > 0) {
          for (const issue of error.issues) methods.setError(issue.path as FieldPath<ChangeOrderInput>, { type: 'server', message: issue.message });
        } else setFailure(error instanceof Error ? error.message : 'Något gick fel.');
        setAttempt((a) => a + 1);
      }
    },
    () => setAttempt((a) => a + 1),
  );

  return (
    <FormProvider {...methods}>
      <form onSubmit={onSubmit} noValidate aria-label="Ändra beställningen">
        <ErrorSummary entries={errors} focusKey={attempt} />
        {failure && (
          <div className="error-summary" role="alert">
            <h3 className="error-summary__title">Det gick inte att spara</h3>
            <p>{failure}</p>
          </div>
        )}
        <fieldset className="fieldset">
          <legend className="legend legend--m">Vistelsen</legend>
          {fromLocked ? (
            <p>
              Första dagen är {stay.from}. Den kan inte ändras när vistelsen har börjat eller en utförare har bekräftat start.
              <input type="hidden" {...methods.register('stay.from')} />
            </p>
          ) : (
            <TextField name="stay.from" label="Vistelsens första dag" hint={`Tidigast i dag, ${today}.`} type="date" width="w-10" />
          )}
          <TextField name="stay.to" label="Vistelsens sista dag" hint="Senare för att förlänga, tidigare för att korta vistelsen (inte före i dag)." type="date" width="w-10" />
        </fieldset>
        {rows.fields.map((row, index) => {
          const base = `decision.insatser.${index}` as const;
          const kept = keepsDescriptions && index < insatser.length && (row as { keepDescriptionOf?: number }).keepDescriptionOf !== undefined;
          return (
            <fieldset className="fieldset row-group" key={row.id}>
              <legend className="legend legend--m">Insats {index + 1}</legend>
              <SelectField name={`${base}.type`} label="Insats" placeholder="Välj insats" choices={INSATS_TYPES.map((t) => ({ value: t, label: INSATS_LABELS[t] }))} />
              {kept ? (
                <TextArea
                  name={`${base}.description`}
                  label="Ny beskrivning"
                  optional
                  hint="Lämna tomt för att behålla beskrivningen i beställningen (den finns hos handläggaren)."
                  rows={3}
                  maxLength={LIMITS.longText / 2}
                  options={optionalText}
                />
              ) : (
                <TextArea name={`${base}.description`} label="Beskrivning" hint="Vad hjälpen består av." rows={3} maxLength={LIMITS.longText / 2} />
              )}
              <div className="field-row">
                <TextField name={`${base}.scope.amount`} label="Omfattning" hint="Ett tal, till exempel 22." inputMode="decimal" width="w-5" options={number} />
                <SelectField name={`${base}.scope.unit`} label="Enhet" placeholder="Välj enhet" choices={SCOPE_UNITS.map((u) => ({ value: u, label: SCOPE_UNIT_LABELS[u] }))} />
              </div>
              <div className="field-row">
                <TextField name={`${base}.rate.amountSek`} label="Ersättning i kronor" inputMode="decimal" width="w-8" options={number} />
                <SelectField name={`${base}.rate.per`} label="Ersättningen gäller" placeholder="Välj period" choices={RATE_PERIODS.map((r) => ({ value: r, label: RATE_PERIOD_LABELS[r] }))} />
              </div>
              {rows.fields.length > 1 && (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    rows.remove(index);
                    requestAnimationFrame(() => addButton.current?.focus());
                  }}
                >
                  Ta bort insats {index + 1}
                </button>
              )}
            </fieldset>
          );
        })}
        {rows.fields.length < LIMITS.insatser && (
          <button
            type="button"
            ref={addButton}
            className="button button--secondary"
            id="decision-insatser-add"
            onClick={() => rows.append({ type: '', description: '', scope: { amount: undefined, unit: '' }, rate: { amountSek: undefined, per: '' } } as unknown as ChangeOrderInput['decision']['insatser'][number])}
          >
            Lägg till en insats
          </button>
        )}
        <div className="button-group">
          <button className="button" type="submit" disabled={methods.formState.isSubmitting}>
            Spara ändringen
          </button>
          <button className="button button--secondary" type="button" onClick={close}>
            Avbryt ändringen
          </button>
        </div>
      </form>
    </FormProvider>
  );
}
