import { useRef } from 'react';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { LIMITS, type OrderInput } from '../../../shared/order';
import { emptyToUndefined, TextArea, TextField, YesNo } from './fields';
import { emptyRelative } from './form-values';

const optional = { setValueAs: emptyToUndefined };

export function StepPerson() {
  const { control } = useFormContext<OrderInput>();
  const relatives = useFieldArray({ control, name: 'person.relatives' });
  const addButton = useRef<HTMLButtonElement>(null);

  return (
    <>
      <p className="lead">Uppgifter om personen som ska få insatserna och var personen bor under vistelsen.</p>
      <section aria-labelledby="h-person">
        <h2 id="h-person">Personen</h2>
        <TextField
          name="person.personnummer"
          label="Personnummer eller samordningsnummer"
          hint="ÅÅÅÅMMDD-NNNN, till exempel 19400612-2388."
          maxLength={13}
          width="w-12"
          spellCheck={false}
        />
        <TextField name="person.firstName" label="Förnamn" maxLength={LIMITS.name} width="w-20" spellCheck={false} />
        <TextField name="person.lastName" label="Efternamn" maxLength={LIMITS.name} width="w-20" spellCheck={false} />
        <YesNo
          name="person.protectedIdentity"
          legend="Har personen skyddade personuppgifter?"
          hint="Till exempel sekretessmarkering eller skyddad folkbokföring."
          yesDetails={
            <div className="inset">
              <p>
                Vi skickar aldrig uppgifter som kan identifiera personen med e-post. Innan uppdraget lämnas till utföraren
                ringer vi utförarens enhetschef och berättar om det. Bara de som utför hjälpen får se adressen.
              </p>
            </div>
          }
        />
      </section>
      <section aria-labelledby="h-address">
        <h2 id="h-address">Under vistelsen</h2>
        <TextField name="person.stayAddress.street" label="Gatuadress under vistelsen" maxLength={LIMITS.shortText} />
        <TextField
          name="person.stayAddress.postalCode"
          label="Postnummer"
          hint="Fem siffror, till exempel 172 35."
          inputMode="numeric"
          maxLength={6}
          width="w-5"
        />
        <TextField name="person.stayAddress.city" label="Ort" maxLength={LIMITS.name} width="w-20" />
        <TextField
          name="person.phone"
          label="Personens telefonnummer under vistelsen"
          hint="Till exempel 070-123 45 67."
          optional
          type="tel"
          maxLength={LIMITS.phone}
          width="w-12"
          options={optional}
        />
      </section>
      <section aria-labelledby="h-relatives">
        <h2 id="h-relatives">Närstående</h2>
        <p className="hint">Frivilligt. Lägg till de närstående som utföraren kan behöva kontakta.</p>
        {relatives.fields.length === 0 && <p>Inga närstående är tillagda.</p>}
        {relatives.fields.map((row, index) => (
          <fieldset className="fieldset row-group" key={row.id}>
            <legend className="legend legend--m">Närstående {index + 1}</legend>
            <TextField name={`person.relatives.${index}.name`} label="Namn" maxLength={LIMITS.name} width="w-20" />
            <TextField
              name={`person.relatives.${index}.relation`}
              label="Relation till personen"
              hint="Till exempel dotter, make eller granne."
              maxLength={50}
              width="w-20"
            />
            <TextField
              name={`person.relatives.${index}.phone`}
              label="Telefonnummer"
              type="tel"
              maxLength={LIMITS.phone}
              width="w-12"
            />
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                relatives.remove(index);
                requestAnimationFrame(() => addButton.current?.focus());
              }}
            >
              Ta bort närstående {index + 1}
            </button>
          </fieldset>
        ))}
        {relatives.fields.length < LIMITS.relatives ? (
          <button
            type="button"
            className="button button--secondary"
            ref={addButton}
            onClick={() => relatives.append(emptyRelative())}
          >
            Lägg till {relatives.fields.length ? 'en närstående till' : 'närstående'}
          </button>
        ) : (
          <p>Du kan lägga till högst {LIMITS.relatives} närstående.</p>
        )}
      </section>
      <section aria-labelledby="h-about">
        <h2 id="h-about">Om personen</h2>
        <p className="hint">Frivilligt, men det hjälper utföraren att planera från första dagen.</p>
        <TextArea
          name="person.housing"
          label="Bostaden"
          hint="Till exempel trappor, hiss, badrum och hjälpmedel i bostaden."
          optional
          maxLength={LIMITS.longText}
          options={optional}
        />
        <TextArea
          name="person.socialSituation"
          label="Social situation"
          hint="Till exempel vem personen bor hos under vistelsen."
          optional
          maxLength={LIMITS.longText}
          options={optional}
        />
        <TextArea name="person.disability" label="Funktionsnedsättning" optional maxLength={LIMITS.longText} options={optional} />
        <TextArea
          name="person.abilities"
          label="Resurser och förmågor"
          hint="Vad personen klarar själv och vad personen behöver hjälp med."
          optional
          maxLength={LIMITS.longText}
          options={optional}
        />
      </section>
    </>
  );
}
