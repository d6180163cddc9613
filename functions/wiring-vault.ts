import { readFileSync } from 'node:fs';
import { EncryptionSdkVault, kmsKeyring, rawAesKeyring } from './adapters/encryption-sdk-vault';
import { traced } from './observability/telemetry';
import type { PersonalDataVault } from './core/kernel/personal-data';
import { env } from './env';

/**
 * The personal-data vault, for the functions that seal or open personal data and only those (the
 * AWS Encryption SDK is bundled, ~220 KB): KMS in AWS (`PERSONAL_DATA_KMS_KEY_ARN`), a raw AES key
 * from a file locally (`PERSONAL_DATA_KEY_FILE`, generated under `.data/` by the local stack).
 */
let vault: PersonalDataVault | undefined;
export function personalDataVault(): PersonalDataVault {
  if (!vault) {
    const { PERSONAL_DATA_KMS_KEY_ARN, PERSONAL_DATA_KEY_FILE } = env();
    if (PERSONAL_DATA_KMS_KEY_ARN) vault = new EncryptionSdkVault(kmsKeyring(PERSONAL_DATA_KMS_KEY_ARN, traced));
    else if (PERSONAL_DATA_KEY_FILE) vault = new EncryptionSdkVault(rawAesKeyring(readFileSync(PERSONAL_DATA_KEY_FILE)));
    else throw new Error('Invalid environment: PERSONAL_DATA_KMS_KEY_ARN (AWS) or PERSONAL_DATA_KEY_FILE (local) must be set');
  }
  return vault;
}

/** The local stack starts again in one process with another key. */
export function resetPersonalDataVault(): void {
  vault = undefined;
}
