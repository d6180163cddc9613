import { INSATS_LABELS, RATE_PERIOD_LABELS, SCOPE_UNIT_LABELS } from '../../../shared/insatser';

/** Context for a field's message when it stands alone (error summary): "Insats 2: Beskriv insatsen". */
export function messageWithContext(path: string, message: string, withStep?: string): string {
  const insats = /^decision\.insatser\.(\d+)\./.exec(path);
  const relative = /^person\.relatives\.(\d+)\./.exec(path);
  const row = insats ? `Insats ${Number(insats[1]) + 1}: ` : relative ? `Närstående ${Number(relative[1]) + 1}: ` : '';
  return `${withStep ? `${withStep}: ` : ''}${row}${message}`;
}

export function insatsLabel(type: unknown): string {
  return (INSATS_LABELS as Record<string, string>)[String(type)] ?? 'Ingen insats vald';
}

export function scopeUnitLabel(unit: unknown): string {
  return (SCOPE_UNIT_LABELS as Record<string, string>)[String(unit)] ?? '';
}

export function ratePeriodLabel(per: unknown): string {
  return (RATE_PERIOD_LABELS as Record<string, string>)[String(per)] ?? '';
}

/** 1234.5 → "1 234,5" */
export function formatNumber(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toLocaleString('sv-SE') : '';
}
