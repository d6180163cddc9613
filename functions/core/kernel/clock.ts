/** "Now", so that use cases, jobs and tests can run as of any instant. */
export interface Clock {
  now(): Date;
}

/** Sortable unique ids (ULID). */
export interface IdGenerator {
  next(): string;
}
