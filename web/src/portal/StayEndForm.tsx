import { stockholmToday } from '../../../shared/dates';
import { reportStayEndSchema } from '../../../shared/portal';
import { Field, FormErrors, useActionForm } from './forms';
import { formatDate } from './labels';


/**
 * **Vistelsen har avslutats** with **Sista dag**: for a provider of the case (staff portal) and the
 * orderer (their page) alike; the server checks the day against the stay and today.
 */
export function StayEndForm({ stay, submit }: { stay: { from: string; to: string }; submit: (value: { endedOn: string }) => Promise<void> }) {
  const today = stockholmToday(new Date());
  const last = stay.to < today ? stay.to : today;
  const form = useActionForm({ id: 'stay-end', schema: reportStayEndSchema, initial: { endedOn: last }, submit });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${form.formId}-title`}>
      <h2 id={`${form.formId}-title`}>Har vistelsen avslutats?</h2>
      <p>Registrera vistelsens sista dag om personen har lämnat kommunen tidigare än planerat. Insatserna upphör, och tidrapporter lämnas för månaderna till och med avslutet.</p>
      <FormErrors form={form} />
      <Field label="Sista dag" hint={`Från ${formatDate(stay.from)}, och inte senare än i dag`} type="date" field={form.field('endedOn')} />
      <button className="button button--secondary" type="submit" disabled={form.busy}>
        Vistelsen har avslutats
      </button>
    </form>
  );
}
