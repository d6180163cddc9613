import type { OrderInput } from '../../../shared/order';
import { readJson, remove, STORAGE_KEYS, writeJson } from '../storage';

/**
 * The form's values are the order as sent (`OrderInput`). Selects and number fields start empty,
 * which the schema answers with "Välj …" / "Ange … som ett tal"; the casts say so to TypeScript.
 */
export type InsatsInput = OrderInput['decision']['insatser'][number];
export type RelativeInput = NonNullable<OrderInput['person']['relatives']>[number];

export function emptyInsats(): InsatsInput {
  return {
    type: '',
    description: '',
    scope: { amount: undefined, unit: '' },
    rate: { amountSek: undefined, per: '' },
  } as unknown as InsatsInput;
}

export function emptyRelative(): RelativeInput {
  return { name: '', relation: '', phone: '' };
}

export function emptyOrder(): OrderInput {
  return {
    homeMunicipality: { code: '', name: '' },
    orderer: { name: '', email: '', phone: '', unit: '' },
    billing: { address: '', reference: '' },
    person: {
      personnummer: '',
      firstName: '',
      lastName: '',
      protectedIdentity: undefined,
      stayAddress: { street: '', postalCode: '', city: '' },
      relatives: [],
    },
    stay: { from: '', to: '', acute: false },
    decision: { decidedOn: '', goal: '', insatser: [emptyInsats()] },
    provider: undefined,
    attachments: [],
  } as unknown as OrderInput;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** `base` with every value `saved` has of the same kind (objects merged, arrays and scalars replaced). */
function merge(base: unknown, saved: unknown): unknown {
  if (saved === undefined) return base;
  if (isPlainObject(base)) {
    if (!isPlainObject(saved)) return base;
    const out: Record<string, unknown> = { ...base };
    for (const key of Object.keys(saved)) out[key] = key in base ? merge(base[key], saved[key]) : saved[key];
    return out;
  }
  if (Array.isArray(base)) return Array.isArray(saved) ? saved : base;
  return saved;
}

/** The answers kept in this tab (sessionStorage), on top of an empty order. */
export function restoreOrder(): OrderInput {
  const saved = readJson<unknown>(STORAGE_KEYS.order);
  const restored = merge(emptyOrder(), saved) as OrderInput;
  if (!restored.decision.insatser?.length) restored.decision.insatser = [emptyInsats()];
  return restored;
}

/** Whether this tab keeps answers from before (a reload). */
export function hasSavedOrder() {
  return readJson<unknown>(STORAGE_KEYS.order) !== undefined;
}

export function saveOrder(values: unknown) {
  writeJson(STORAGE_KEYS.order, values);
}

export function clearOrder() {
  remove(STORAGE_KEYS.order);
  remove(STORAGE_KEYS.submission);
}
