import type { FieldIssue } from '../../shared/order';

/**
 * An error the caller can act on. Its `status` is < 500 and its message is safe to show;
 * anything else reaching the HTTP layer becomes a generic 500 without details.
 */
export class DomainError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly issues?: FieldIssue[],
    /** Headers the answer carries, e.g. `Retry-After`. */
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class OrderRejectedError extends DomainError {
  constructor(issues: FieldIssue[]) {
    super(400, 'validation_failed', 'Beställningen innehåller fel. Rätta fälten och skicka igen.', issues);
  }
}

export class MalformedJsonError extends DomainError {
  constructor() {
    super(400, 'malformed_json', 'Innehållet är inte giltig JSON.');
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(maxBytes: number) {
    super(413, 'payload_too_large', `Innehållet är för stort (högst ${Math.floor(maxBytes / 1024)} kB).`);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor() {
    super(415, 'unsupported_media_type', 'Innehållet måste skickas som JSON (Content-Type: application/json).');
  }
}

export class InvalidIdempotencyKeyError extends DomainError {
  constructor() {
    super(400, 'invalid_idempotency_key', 'Idempotency-Key måste vara 8–128 tecken: bokstäver, siffror, "-", "_", ":" eller ".".', [
      { path: 'headers.idempotency-key', message: 'Ogiltig nyckel' },
    ]);
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      422,
      'idempotency_key_reused',
      'Idempotency-Key har redan använts för en annan beställning. Använd en ny nyckel för en ny beställning.',
    );
  }
}

export class RequestInProgressError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      409,
      'request_in_progress',
      'En beställning med samma Idempotency-Key behandlas just nu. Vänta en stund och skicka samma beställning igen, så får du svaret.',
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'Resursen') {
    super(404, 'not_found', `${what} finns inte.`);
  }
}
