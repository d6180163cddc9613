import type { ReactNode } from 'react';

/** A row of a summary list (`<dl>`): what is shown, and its value. */
export function SummaryRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="summary-list__row">
      <dt className="summary-list__key">{label}</dt>
      <dd className="summary-list__value">{children}</dd>
    </div>
  );
}
