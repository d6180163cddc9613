import { PERSON_IDENTITY_LIKE } from '../../shared/personnummer';

// What looks like a personnummer or samordningsnummer, checked or not, is masked: errors of the
// runtime quote their input (V8's JSON errors, `Cannot convert … to a BigInt`, `Invalid URL …`),
// and such an error may reach a log.

/** The text with anything shaped like a personnummer replaced: for messages and stacks that go to a log. */
export function redactPersonnummer(text: string): string;
export function redactPersonnummer(text: string | undefined): string | undefined;
export function redactPersonnummer(text: string | undefined): string | undefined {
  return text?.replace(PERSON_IDENTITY_LIKE, '[personnummer]');
}
