/**
 * sessionStorage that never throws (private mode, full quota, disabled storage): the form then
 * simply doesn't survive a reload. Data lives only in this browser tab and is gone when it closes.
 */
export const STORAGE_KEYS = {
  order: 'vistelse.order.v1',
  receipt: 'vistelse.receipt.v1',
  submission: 'vistelse.submission.v1',
} as const;

export function readJson<T>(key: string): T | undefined {
  try {
    const raw = window.sessionStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

export function writeJson(key: string, value: unknown) {
  try {
    window.sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage unavailable: keep working without it.
  }
}

export function remove(key: string) {
  try {
    window.sessionStorage.removeItem(key);
  } catch {
    // ignore
  }
}
