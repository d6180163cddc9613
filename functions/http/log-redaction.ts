/**
 * What looks like a personnummer or samordningsnummer (6 or 8 digits, an optional `-`, `+` or
 * space, 4 digits), checked or not: errors of the runtime quote their input (V8's JSON errors,
 * `Cannot convert … to a BigInt`, `Invalid URL …`), and such an error may reach a log.
 */
const PERSONNUMMER_LIKE = /(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)/g;

/** The text with anything shaped like a personnummer replaced: for messages and stacks that go to a log. */
export function redactPersonnummer(text: string): string;
export function redactPersonnummer(text: string | undefined): string | undefined;
export function redactPersonnummer(text: string | undefined): string | undefined {
  return text?.replace(PERSONNUMMER_LIKE, '[personnummer]');
}
