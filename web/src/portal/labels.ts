import type { CasePhase, InboxFilter } from '../../../shared/portal';

export const FILTER_LABELS: Record<InboxFilter, string> = {
  all: 'Alla',
  new: 'Nya',
  awaiting_completion: 'Väntar på komplettering',
  awaiting_confirmation: 'Väntar på bekräftelse',
  active: 'Aktiva',
  closed: 'Avslutade',
};

export const PHASE_LABELS: Record<CasePhase, string> = {
  new: 'Nytt',
  awaiting_completion: 'Väntar på komplettering',
  awaiting_confirmation: 'Väntar på bekräftelse',
  active: 'Aktivt',
  closed: 'Avslutat',
};

const dateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const date = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });

/** "3 dec. 2026 10:14", Stockholm time. */
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
/** "15 dec. 2026" for a calendar date. */
export const formatDate = (isoDate: string) => date.format(new Date(`${isoDate}T00:00:00Z`));
