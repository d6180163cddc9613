import type { OrderWarning } from '../../../shared/order-warnings';

/** Warnings are said in words (not only colour) and never stop the order. */
export function Warnings({ warnings, id }: { warnings: OrderWarning[]; id?: string }) {
  if (!warnings.length) return null;
  return (
    <div className="warning" id={id}>
      <p className="warning__title">
        <span className="warning__icon" aria-hidden="true">
          !
        </span>
        Observera
      </p>
      {warnings.map((w) => (
        <p key={w.code}>{w.message}</p>
      ))}
      <p className="warning__note">Det här hindrar inte beställningen. Du kan skicka den ändå.</p>
    </div>
  );
}
