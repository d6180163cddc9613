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

/** `POST /api/orders` with an idempotency key; never throws. */
export async function postOrder(body: unknown, idempotencyKey: string): Promise<SubmitResult> {
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
  return { kind: 'failed', status: response.status, code: error?.code, message: error?.message };
}
