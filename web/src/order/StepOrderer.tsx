import { LIMITS } from '../../../shared/order';
import { TextArea, TextField } from './fields';
import { MunicipalityField } from './MunicipalityField';

export function StepOrderer() {
  return (
    <>
      <p className="lead">Här fyller du i uppgifter om dig som beställer och om hur vi ska fakturera.</p>
      <section aria-labelledby="h-home">
        <h2 id="h-home">Bosättningskommun</h2>
        <MunicipalityField />
      </section>
      <section aria-labelledby="h-orderer">
        <h2 id="h-orderer">Du som beställer</h2>
        <TextField name="orderer.name" label="Ditt namn" autoComplete="name" maxLength={LIMITS.name} width="w-20" />
        <TextField
          name="orderer.email"
          label="Din e-postadress"
          hint="Hit skickar vi kvittot med ärendenumret. Det innehåller aldrig personuppgifter."
          type="email"
          autoComplete="email"
          spellCheck={false}
          maxLength={LIMITS.email}
        />
        <TextField
          name="orderer.phone"
          label="Ditt telefonnummer"
          hint="Till exempel 0150-48 80 00."
          type="tel"
          autoComplete="tel"
          maxLength={LIMITS.phone}
          width="w-12"
        />
        <TextField
          name="orderer.unit"
          label="Förvaltning eller enhet"
          hint="Till exempel Vård- och omsorgsförvaltningen, myndighetsenheten."
          autoComplete="organization"
          maxLength={LIMITS.shortText}
        />
      </section>
      <section aria-labelledby="h-billing">
        <h2 id="h-billing">Fakturering</h2>
        <TextArea
          name="billing.address"
          label="Fakturaadress"
          hint="Hela adressen som fakturan ska skickas till."
          rows={3}
          maxLength={LIMITS.shortText * 2}
        />
        <TextField
          name="billing.reference"
          label="Referensnummer för fakturan"
          hint="Vi skriver det på varje faktura. Fakturan innehåller aldrig personuppgifter."
          maxLength={50}
          width="w-20"
        />
      </section>
    </>
  );
}
