import type { FieldIssue } from '../../../shared/order';

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

export class NotFoundError extends DomainError {
  constructor(what = 'Resursen') {
    super(404, 'not_found', `${what} finns inte.`);
  }
}

export class MethodNotAllowedError extends DomainError {
  constructor(allowed: readonly string[]) {
    super(405, 'method_not_allowed', 'Metoden stöds inte här.', undefined, { allow: allowed.join(', ') });
  }
}

/** The case or the thing is not in the state the action needs (`409`): a sentence the person can act on. */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}
