import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { cacheClients, KMS, KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy, type KeyringNode } from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { PersonalDataTamperedError, type PersonalDataVault, type SealedPersonalData } from '../core/kernel/personal-data';
import { PERSONAL_DATA_FIELDS, type PersonalData, type PersonalDataField } from '../../shared/personal-data';

const { encrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

/**
 * Key commitment without a signature: everyone who may decrypt may also encrypt here (the
 * functions), so a signature would prove nothing, and it costs ~3 ms per field (measured).
 */
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

/** What binds a sealed field to its place; checked on every decrypt (the SDK does not check it). */
const context = (caseId: string, field: string) => ({ 'vistelse:case': caseId, 'vistelse:field': field });

/**
 * Envelope encryption with the AWS Encryption SDK: each field gets its own data key, wrapped by
 * the keyring — KMS in AWS (`kmsKeyring`), a raw AES key from a key file locally
 * (`rawAesKeyring`). The encryption context (case id and field) is authenticated with the data and
 * compared on decrypt, so a field moved to another case or field is refused.
 */
export class EncryptionSdkVault implements PersonalDataVault {
  constructor(private readonly keyring: KeyringNode) {}

  async seal<F extends PersonalDataField>(caseId: string, data: Pick<PersonalData, F>): Promise<Pick<SealedPersonalData, F>> {
    const fields = PERSONAL_DATA_FIELDS.filter((field) => field in data) as F[];
    const sealed = await Promise.all(
      fields.map(async (field) => {
        const { result } = await encrypt(this.keyring, JSON.stringify(data[field]), { encryptionContext: context(caseId, field), suiteId: SUITE });
        return [field, result.toString('base64')] as const;
      }),
    );
    return Object.fromEntries(sealed) as Pick<SealedPersonalData, F>;
  }

  async open<F extends PersonalDataField>(caseId: string, sealed: Pick<SealedPersonalData, F>): Promise<Pick<PersonalData, F>> {
    const opened: Partial<Record<PersonalDataField, unknown>> = {};
    await Promise.all(
      (Object.keys(sealed) as F[]).map(async (field) => {
        opened[field] = JSON.parse(await this.decryptIn(caseId, field, sealed[field]));
      }),
    );
    return opened as Pick<PersonalData, F>;
  }

  async sealText(caseId: string, field: string, text: string): Promise<string> {
    const { result } = await encrypt(this.keyring, text, { encryptionContext: context(caseId, field), suiteId: SUITE });
    return result.toString('base64');
  }

  openText(caseId: string, field: string, sealed: string): Promise<string> {
    return this.decryptIn(caseId, field, sealed);
  }

  /** Decrypts a field sealed for exactly this case and place: the context is compared in full. */
  private async decryptIn(caseId: string, field: string, sealed: string): Promise<string> {
    let output: Awaited<ReturnType<typeof decrypt>>;
    try {
      output = await decrypt(this.keyring, Buffer.from(sealed, 'base64'));
    } catch (error) {
      throw new PersonalDataTamperedError(`${field} of case ${caseId} (${(error as Error).message})`);
    }
    const expected = context(caseId, field);
    const found = output.messageHeader.encryptionContext;
    const matches = Object.keys(found).length === Object.keys(expected).length && Object.entries(expected).every(([k, v]) => found[k] === v);
    if (!matches) throw new PersonalDataTamperedError(`sealed for ${found['vistelse:field']} of case ${found['vistelse:case']}, found as ${field} of case ${caseId}`);
    return output.plaintext.toString('utf8');
  }
}

/** A keyring with a raw AES-256 key (32 bytes), for the local stack and tests: the key lives in a file under `.data/`. */
export function rawAesKeyring(key: Uint8Array): KeyringNode {
  if (key.length !== 32) throw new Error(`The personal-data key must be 32 bytes (AES-256), got ${key.length}`);
  return new RawAesKeyringNode({
    keyNamespace: 'vistelse-local',
    keyName: 'personal-data',
    // A copy in a buffer of its own: a file's bytes may share a pooled buffer, which the SDK refuses.
    unencryptedMasterKey: Uint8Array.from(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

/** A keyring with a KMS key (AWS): each field's data key is generated and wrapped by KMS. */
export function kmsKeyring(keyArn: string, wrapClient: <T>(client: T) => T = (client) => client): KeyringNode {
  // One KMS client per region, each call traced when the caller wraps it (X-Ray).
  return new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: cacheClients((region: string) => wrapClient(new KMS({ region }))) });
}
