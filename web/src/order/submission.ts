import type { OrderReceipt } from '../../../shared/api';
import { readJson, remove, STORAGE_KEYS, writeJson } from '../storage';

/** A random UUID v4 (also where `crypto.randomUUID` is missing: plain http in tests). */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** FNV-1a: tells "the same body" apart without keeping a second copy of the personal data. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length}:${(hash >>> 0).toString(16)}`;
}

interface PendingSubmission {
  key: string;
  fingerprint: string;
}

/**
 * The idempotency key of this submission: kept in the tab while the order is the same, so a
 * double click, a retry after a network error or a reload re-uses it and the server creates one
 * case; a changed order gets a new key.
 */
export function idempotencyKeyFor(body: string): string {
  const print = fingerprint(body);
  const pending = readJson<PendingSubmission>(STORAGE_KEYS.submission);
  if (pending && pending.fingerprint === print && typeof pending.key === 'string') return pending.key;
  const key = uuid();
  writeJson(STORAGE_KEYS.submission, { key, fingerprint: print } satisfies PendingSubmission);
  return key;
}

export function forgetIdempotencyKey() {
  remove(STORAGE_KEYS.submission);
}

export interface StoredReceipt {
  receipt: OrderReceipt;
  ordererEmail: string;
}

export function saveReceipt(value: StoredReceipt) {
  writeJson(STORAGE_KEYS.receipt, value);
}

export function readReceipt(): StoredReceipt | undefined {
  const stored = readJson<StoredReceipt>(STORAGE_KEYS.receipt);
  return stored && typeof stored.receipt?.reference === 'string' ? stored : undefined;
}
