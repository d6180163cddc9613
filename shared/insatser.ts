/** The insats types, scope units and rate periods of the public contract, with their Swedish names. */
export const INSATS_TYPES = [
  'hemtjanst',
  'trygghetslarm',
  'matdistribution',
  'ledsagning',
  'avlosning',
  'boendestod',
  'dagverksamhet',
] as const;
export type InsatsType = (typeof INSATS_TYPES)[number];

export const SCOPE_UNITS = ['hours_per_month', 'hours_per_week', 'visits_per_week', 'visits_per_month', 'alarm'] as const;
export type ScopeUnit = (typeof SCOPE_UNITS)[number];

export const RATE_PERIODS = ['hour', 'visit', 'day', 'month'] as const;
export type RatePeriod = (typeof RATE_PERIODS)[number];

export const INSATS_LABELS: Record<InsatsType, string> = {
  hemtjanst: 'Hemtjänst',
  trygghetslarm: 'Trygghetslarm',
  matdistribution: 'Matdistribution',
  ledsagning: 'Ledsagning',
  avlosning: 'Avlösning',
  boendestod: 'Boendestöd',
  dagverksamhet: 'Dagverksamhet',
};

export const SCOPE_UNIT_LABELS: Record<ScopeUnit, string> = {
  hours_per_month: 'timmar per månad',
  hours_per_week: 'timmar per vecka',
  visits_per_week: 'besök per vecka',
  visits_per_month: 'besök per månad',
  alarm: 'larm',
};

export const RATE_PERIOD_LABELS: Record<RatePeriod, string> = {
  hour: 'per timme',
  visit: 'per besök',
  day: 'per dag',
  month: 'per månad',
};

/** Upper bound of a scope amount per unit: what a month or week can physically hold. */
export const SCOPE_MAX: Record<ScopeUnit, number> = {
  hours_per_month: 744,
  hours_per_week: 168,
  visits_per_week: 100,
  visits_per_month: 450,
  alarm: 3,
};
