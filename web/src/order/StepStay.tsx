import { useRef } from 'react';
import { useFieldArray, useFormContext, useFormState, useWatch } from 'react-hook-form';
import type { IntakeOptions } from '../../../shared/intake-options';
import { LIMITS, type OrderInput } from '../../../shared/order';
import { ErrorMessage, parseDecimal, SelectField, TextArea, TextField } from './fields';
import { emptyInsats } from './form-values';
import { fieldId } from './steps';
import { Warnings } from './Warnings';
import { warningsFor } from './warnings-for';

interface Props {
  options: IntakeOptions;
  today: string;
}

const number = { setValueAs: parseDecimal };

export function StepStay({ options, today }: Props) {
  const { control, register } = useFormContext<OrderInput>();
  const insatser = useFieldArray({ control, name: 'decision.insatser' });
  const [from, to, acute] = useWatch({ control, name: ['stay.from', 'stay.to', 'stay.acute'] });
  const warnings = warningsFor({ from, to, acute }, today, options.rules.leadTimeDays, options.rules.orderChecks.maxStayMonths);
  const addButton = useRef<HTMLButtonElement>(null);
  const { errors } = useFormState({ control });
  const listError = ownMessage(errors.decision?.insatser);

  return (
    <>
      <p className="lead">När vistelsen är och vad bosättningskommunen har beslutat.</p>
      <section aria-labelledby="h-stay">
        <h2 id="h-stay">Vistelsen</h2>
        <TextField
          name="stay.from"
          label="Vistelsens första dag"
          hint="Till exempel 2026-12-15."
          type="date"
          width="w-10"
        />
        <TextField name="stay.to" label="Vistelsens sista dag" hint="Till exempel 2027-02-15." type="date" width="w-10" />
        <div className="form-group">
          <div className="checkbox">
            <input
              className="checkbox__input"
              type="checkbox"
              id={fieldId('stay.acute')}
              aria-describedby={`${fieldId('stay.acute')}-hint`}
              {...register('stay.acute')}
            />
            <label className="checkbox__label" htmlFor={fieldId('stay.acute')}>
              Beställningen är akut
            </label>
            <div className="hint checkbox__hint" id={`${fieldId('stay.acute')}-hint`}>
              Kryssa i om personen behöver hjälp innan vi hinner planera, normalt {options.rules.leadTimeDays} dagar.
            </div>
          </div>
        </div>
        <div aria-live="polite">
          <Warnings warnings={warnings} />
        </div>
      </section>
      <section aria-labelledby="h-decision">
        <h2 id="h-decision">Beslutet</h2>
        <TextField
          name="decision.decidedOn"
          label="Datum för beslutet"
          hint="Dagen då bosättningskommunen fattade beslutet."
          type="date"
          width="w-10"
        />
        <TextArea
          name="decision.goal"
          label="Beslutets målsättning"
          hint="Vad insatserna ska leda till, som det står i beslutet."
          maxLength={LIMITS.longText}
        />
      </section>
      <section aria-labelledby="h-insatser">
        <h2 id="h-insatser">Beviljade insatser</h2>
        <p className="hint">Lägg till varje insats i beslutet med omfattning och bosättningskommunens ersättning.</p>
        <ErrorMessage id={fieldId('decision.insatser')} message={listError} />
        {insatser.fields.map((row, index) => {
          const base = `decision.insatser.${index}` as const;
          return (
            <fieldset className="fieldset row-group" key={row.id}>
              <legend className="legend legend--m">Insats {index + 1}</legend>
              <SelectField
                name={`${base}.type`}
                label="Insats"
                placeholder="Välj insats"
                choices={options.insatsTypes.map((t) => ({ value: t.type, label: t.label }))}
              />
              <TextArea
                name={`${base}.description`}
                label="Beskrivning"
                hint="Vad hjälpen består av, till exempel dusch två gånger i veckan."
                rows={3}
                maxLength={LIMITS.longText / 2}
              />
              <div className="field-row">
                <TextField
                  name={`${base}.scope.amount`}
                  label="Omfattning"
                  hint="Ett tal, till exempel 22."
                  inputMode="decimal"
                  width="w-5"
                  options={number}
                />
                <SelectField
                  name={`${base}.scope.unit`}
                  label="Enhet"
                  placeholder="Välj enhet"
                  choices={options.scopeUnits.map((u) => ({ value: u.unit, label: u.label }))}
                />
              </div>
              <div className="field-row">
                <TextField
                  name={`${base}.rate.amountSek`}
                  label="Ersättning i kronor"
                  hint="Bosättningskommunens pris, till exempel 495."
                  inputMode="decimal"
                  width="w-8"
                  options={number}
                />
                <SelectField
                  name={`${base}.rate.per`}
                  label="Ersättningen gäller"
                  placeholder="Välj period"
                  choices={options.ratePeriods.map((r) => ({ value: r.per, label: r.label }))}
                />
              </div>
              {insatser.fields.length > 1 && (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    insatser.remove(index);
                    requestAnimationFrame(() => addButton.current?.focus());
                  }}
                >
                  Ta bort insats {index + 1}
                </button>
              )}
            </fieldset>
          );
        })}
        {insatser.fields.length < LIMITS.insatser ? (
          <button
            type="button"
            className="button button--secondary"
            id={`${fieldId('decision.insatser')}-add`}
            ref={addButton}
            onClick={() => insatser.append(emptyInsats())}
          >
            Lägg till en insats till
          </button>
        ) : (
          <p>Du kan lägga till högst {LIMITS.insatser} insatser.</p>
        )}
      </section>
    </>
  );
}

/** The list's own message ("Lägg till minst en insats"), not one of its rows'. */
function ownMessage(node: unknown): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const own = node as { message?: unknown; root?: { message?: unknown } };
  if (typeof own.message === 'string') return own.message;
  return typeof own.root?.message === 'string' ? own.root.message : undefined;
}
