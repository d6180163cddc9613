import type { FieldPath } from 'react-hook-form';
import type { OrderInput } from '../../../shared/order';

export type StepSlug = 'bestallare' | 'person' | 'vistelse' | 'utforare' | 'kontrollera';

export interface StepDefinition {
  slug: StepSlug;
  number: number;
  /** The page's heading. */
  title: string;
  /** The name in the step list and the page title. */
  short: string;
  /** The form's top-level fields this step answers. */
  fields: FieldPath<OrderInput>[];
}

export const STEPS: readonly StepDefinition[] = [
  {
    slug: 'bestallare',
    number: 1,
    title: 'Beställare och fakturering',
    short: 'Beställaren',
    fields: ['homeMunicipality', 'orderer', 'billing'],
  },
  { slug: 'person', number: 2, title: 'Personen och vistelseadressen', short: 'Personen', fields: ['person'] },
  { slug: 'vistelse', number: 3, title: 'Vistelsen och beslutet', short: 'Vistelsen', fields: ['stay', 'decision'] },
  { slug: 'utforare', number: 4, title: 'Utförare', short: 'Utförare', fields: ['provider'] },
  { slug: 'kontrollera', number: 5, title: 'Kontrollera dina svar', short: 'Kontrollera', fields: [] },
];

export const STEP_COUNT = STEPS.length;

export function stepPath(slug: StepSlug) {
  return `/bestallning/${slug}`;
}

export function stepBySlug(slug: string): StepDefinition | undefined {
  return STEPS.find((s) => s.slug === slug);
}

/** The step whose page holds a field, from its dotted path (`person.stayAddress.city` → person). */
export function stepForPath(path: string): StepDefinition | undefined {
  const top = path.split('.')[0];
  return STEPS.find((s) => (s.fields as string[]).includes(top));
}

/** The element id of a field: its dotted path with dots as dashes (`person-personnummer`). */
export function fieldId(path: string) {
  return path.replace(/\./g, '-');
}
