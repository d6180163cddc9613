import type { ApiErrorBody, OrderReceipt } from '../../shared/api';
import type { IntakeOptions } from '../../shared/intake-options';
import type { FieldIssue } from '../../shared/order';

let optionsPromise: Promise<IntakeOptions> | undefined;

/** `GET /api/intake/options`, fetched once per page load (retried after a failure). */
export function loadIntakeOptions(): Promise<IntakeOptions> {
  if (!optionsPromise) {
    optionsPromise = fetch('/api/intake/options', { headers: { accept: 'application/json' } })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return (await response.json()) as IntakeOptions;
      })
      .catch((error: unknown) => {
        optionsPromise = undefined;
        throw error;
      });
  }
  return optionsPromise;
}

export type SubmitResult =
  | { kind: 'created'; receipt: OrderReceipt }
  | { kind: 'invalid'; message: string; issues: FieldIssue[] }
  | { kind: 'failed'; status?: number; code?: string; message?: string };

/** How often a submission is sent again while the server is still at work on the same key. */
const IN_PROGRESS_ATTEMPTS = 5;

/**
 * `POST /api/orders` with an idempotency key; never throws. A `409 request_in_progress` means the
 * same order (a double click, a retry after a lost answer) is still being stored: it is sent
 * again after the `Retry-After` the server gives, and gets the first request's answer.
 */
export async function postOrder(body: unknown, idempotencyKey: string): Promise<SubmitResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await postOrderOnce(body, idempotencyKey);
    if (result.kind !== 'in_progress') return result;
    if (attempt >= IN_PROGRESS_ATTEMPTS) return { kind: 'failed', status: 409, code: 'request_in_progress', message: result.message };
    await new Promise((resolve) => setTimeout(resolve, result.retryAfterMs));
  }
}

async function postOrderOnce(body: unknown, idempotencyKey: string): Promise<SubmitResult | { kind: 'in_progress'; retryAfterMs: number; message?: string }> {
  let response: Response;
  try {
    response = await fetch('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
  } catch {
    return { kind: 'failed' };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  if (response.status === 201 && json && typeof json === 'object' && 'reference' in json) {
    return { kind: 'created', receipt: json as OrderReceipt };
  }
  const error = (json as ApiErrorBody | undefined)?.error;
  if (response.status === 400 && error?.issues?.length) {
    return { kind: 'invalid', message: error.message, issues: error.issues };
  }
  if (response.status === 409 && error?.code === 'request_in_progress') {
    const seconds = Number(response.headers.get('retry-after'));
    return { kind: 'in_progress', retryAfterMs: Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds : 1, 5) * 1000, message: error.message };
  }
  return { kind: 'failed', status: response.status, code: error?.code, message: error?.message };
}
