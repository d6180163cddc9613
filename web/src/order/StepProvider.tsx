import { useController, useFormContext, useWatch } from 'react-hook-form';
import type { IntakeOptions } from '../../../shared/intake-options';
import type { OrderInput } from '../../../shared/order';
import { Link } from '../router';
import { ErrorMessage, RequiredMark, useFieldError } from './fields';
import { insatsLabel } from './labels';
import { providerChoices } from './providers';
import { fieldId, stepPath } from './steps';

export const NO_CHOICE_LABEL = 'Inget val — ickevalsalternativet';

export function StepProvider({ options }: { options: IntakeOptions }) {
  const { control } = useFormContext<OrderInput>();
  const [postalCode, insatser, street, city] = useWatch({
    control,
    name: ['person.stayAddress.postalCode', 'decision.insatser', 'person.stayAddress.street', 'person.stayAddress.city'],
  });
  const { field } = useController({ control, name: 'provider' });
  const error = useFieldError('provider');
  const choices = providerChoices(options, postalCode, insatser);
  const value = field.value as OrderInput['provider'] | undefined;
  const id = fieldId('provider');
  const selected = (providerId: string | null) =>
    providerId === null ? value?.choice === 'none' : value?.choice === 'chosen' && value.providerId === providerId;

  return (
    <>
      <p className="lead">
        Om personen har valt en utförare väljer du den här. Annars väljer du inget val, så får personen en utförare
        enligt kommunens ickevalsalternativ: utförarna får uppdrag i tur och ordning.
      </p>
      <AddressFacts choices={choices} street={street} city={city} />
      <div className={`form-group${error ? ' form-group--error' : ''}`}>
        <fieldset className="fieldset" aria-describedby={error ? `${id}-error` : undefined}>
          <legend className="legend legend--m">
            Välj utförare
            <RequiredMark />
          </legend>
          <ErrorMessage id={id} message={error} />
          <div className="radios">
            <div className="radio">
              <input
                className="radio__input"
                type="radio"
                id={id}
                name="provider"
                value="none"
                checked={selected(null)}
                onChange={() => field.onChange({ choice: 'none' })}
                onBlur={field.onBlur}
                ref={field.ref}
                aria-describedby={`${id}-none-hint`}
              />
              <label className="radio__label" htmlFor={id}>
                {NO_CHOICE_LABEL}
              </label>
              <div className="hint radio__hint" id={`${id}-none-hint`}>
                Kommunen väljer utförare åt personen.
              </div>
            </div>
            {choices.providers.length > 0 && <p className="radios__divider">eller</p>}
            {choices.providers.map((p) => {
              const pid = fieldId(`provider.${p.id}`);
              const notServed = choices.types.filter((t) => !p.servesOrdered.includes(t));
              return (
                <div className="radio" key={p.id}>
                  <input
                    className="radio__input"
                    type="radio"
                    id={pid}
                    name="provider"
                    value={p.id}
                    disabled={!p.acceptsNewClients}
                    checked={selected(p.id)}
                    onChange={() => field.onChange({ choice: 'chosen', providerId: p.id })}
                    onBlur={field.onBlur}
                    aria-describedby={`${pid}-hint`}
                  />
                  <label className="radio__label" htmlFor={pid}>
                    {p.name}
                  </label>
                  <div className="hint radio__hint" id={`${pid}-hint`}>
                    Utför av det du beställer: {p.servesOrdered.map(insatsLabel).join(', ')}.
                    {notServed.length > 0 && <> Utför inte: {notServed.map(insatsLabel).join(', ')}.</>}
                    {!p.acceptsNewClients && (
                      <strong className="radio__unavailable"> Tar inte emot nya kunder just nu och kan därför inte väljas.</strong>
                    )}
                  </div>
                </div>
              );
            })}
          </div>
        </fieldset>
      </div>
    </>
  );
}

function AddressFacts({
  choices,
  street,
  city,
}: {
  choices: ReturnType<typeof providerChoices>;
  street: unknown;
  city: unknown;
}) {
  const change = `${stepPath('person')}#person.stayAddress.postalCode`;
  if (!choices.postalCode) {
    return (
      <div className="inset">
        <p>
          Vi kan inte visa utförare förrän vistelseadressens postnummer är rätt ifyllt.{' '}
          <Link href={change}>Fyll i postnumret</Link>. Du kan välja inget val redan nu.
        </p>
      </div>
    );
  }
  const address = [street, `${choices.postalCode} ${typeof city === 'string' ? city : ''}`]
    .filter((s) => typeof s === 'string' && s.trim())
    .join(', ');
  if (!choices.district) {
    return (
      <div className="inset">
        <p>
          Vistelseadressen ({address}) ligger utanför kommunens distrikt. Beställningen går då till kommunens mottagning,
          som fördelar den manuellt. Därför kan du bara välja inget val.
        </p>
        <p>
          <Link href={change}>Ändra postnumret</Link> om det är fel.
        </p>
      </div>
    );
  }
  return (
    <div className="inset">
      <p>
        Vistelseadressen ({address}) ligger i distriktet {choices.district.name}. Här visas de utförare som arbetar där och
        utför minst en av insatserna du beställer.
      </p>
      {choices.types.length === 0 && <p>Du har inte valt någon insats ännu, därför visas inga utförare.</p>}
      {choices.types.length > 0 && choices.providers.length === 0 && (
        <p>Ingen utförare i distriktet utför de insatser du beställer. Därför kan du bara välja inget val.</p>
      )}
    </div>
  );
}
