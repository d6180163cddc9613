import type { PersonalData, PersonalDataField } from '../../../shared/personal-data';

/** Each field of an order's personal data, sealed: opaque text, safe to store. */
export type SealedPersonalData = Record<PersonalDataField, string>;

/**
 * Seals a case's personal data before it is stored and opens it for a reader the policy lets see
 * it. Each field is sealed on its own, bound to its case and its name: a sealed field copied to
 * another case, or into another field, does not open (`PersonalDataTamperedError`).
 */
export interface PersonalDataVault {
  /** Seals the fields given (all of them at the intake; the decision text alone when the order changes). */
  seal<F extends PersonalDataField>(caseId: string, data: Pick<PersonalData, F>): Promise<Pick<SealedPersonalData, F>>;
  open<F extends PersonalDataField>(caseId: string, sealed: Pick<SealedPersonalData, F>): Promise<Pick<PersonalData, F>>;
  /**
   * Seals a text that may hold personal data (a message, a file's name), bound to its case and its
   * place (`field`, e.g. `message:<id>`); `openText` refuses it anywhere else.
   */
  sealText(caseId: string, field: string, text: string): Promise<string>;
  openText(caseId: string, field: string, sealed: string): Promise<string>;
}

/** A sealed field that does not belong where it was found (another case's, another field's, or altered). */
export class PersonalDataTamperedError extends Error {
  constructor(detail: string) {
    super(`Personal data does not open here: ${detail}`);
    this.name = 'PersonalDataTamperedError';
  }
}
