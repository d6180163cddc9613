import * as z from 'zod/mini';
import { COMMON_RESPONSES, type ResponseDefinition } from '../routes';

/**
 * Why an answer breaks the contract its route declares (`functions/routes.ts`), or `undefined`
 * when it keeps it: a status the route does not declare, a body that is not JSON or that the
 * status's schema refuses, a declared header missing. The local stack checks every answer a
 * handler gives with it, so that the published contract (and the OpenAPI document generated from
 * it) can't drift from what the handlers do.
 */
export function contractViolation(
  responses: Record<number, ResponseDefinition>,
  answer: { statusCode: number; headers?: Record<string, string>; body?: string },
): string | undefined {
  const declared = responses[answer.statusCode] ?? COMMON_RESPONSES[answer.statusCode];
  if (!declared) return `status ${answer.statusCode} is not declared for this route`;
  const headers = Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (!declared.body) {
    for (const name of Object.keys(declared.headers ?? {})) if (!headers[name.toLowerCase()]) return `${answer.statusCode}: header ${name} is missing`;
    return undefined;
  }
  if (!/^application\/json\b/.test(headers['content-type'] ?? '')) return `${answer.statusCode}: content-type is ${headers['content-type'] ?? 'missing'}, not JSON`;
  for (const name of Object.keys(declared.headers ?? {})) {
    if (!headers[name.toLowerCase()]) return `${answer.statusCode}: header ${name} is missing`;
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body ?? '');
  } catch {
    return `${answer.statusCode}: the body is not JSON`;
  }
  const parsed = z.safeParse(declared.body, body);
  if (parsed.success) return undefined;
  return `${answer.statusCode}: the body breaks its schema — ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`;
}
