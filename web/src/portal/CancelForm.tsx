import { cancelOrderSchema } from '../../../shared/portal';
import { Field, FormErrors, useActionForm } from './forms';

/**
 * **Avbryt beställningen** with **Skäl**: for the case's caseworker (staff portal) and the orderer
 * (their page) alike. The reason is kept with the case, sealed; the mails never carry it.
 */
export function CancelForm({ submit }: { submit: (value: { reason: string }) => Promise<void> }) {
  const form = useActionForm({ id: 'cancel', schema: cancelOrderSchema, initial: { reason: '' }, submit });
  return (
    <form className="action" onSubmit={form.onSubmit} noValidate aria-labelledby={`${form.formId}-title`}>
      <h2 id={`${form.formId}-title`}>Ska beställningen avbrytas?</h2>
      <p>Insatserna ska då inte utföras från och med i dag. Utförarna får besked, och månader som inte har börjat tas bort. Har ingen tid rapporterats avslutas ärendet direkt.</p>
      <FormErrors form={form} />
      <Field label="Skäl" multiline field={form.field('reason')} />
      <button className="button button--secondary" type="submit" disabled={form.busy}>
        Avbryt beställningen
      </button>
    </form>
  );
}
