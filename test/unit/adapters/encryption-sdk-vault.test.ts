import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EncryptionSdkVault, rawAesKeyring } from '../../../functions/adapters/encryption-sdk-vault';
import { PersonalDataTamperedError } from '../../../functions/core/kernel/personal-data';
import { stockholmToday } from '../../../shared/dates';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { orderSchemaFor } from '../../../shared/order';
import { joinPersonalData, separatePersonalData } from '../../../shared/personal-data';
import demo from '../../../config/municipality.demo.json';
import { exampleOrder } from '../../support/order-fixture';

/** The vault with the real AWS Encryption SDK and a raw AES key, as the local stack runs it. */
const vault = new EncryptionSdkVault(rawAesKeyring(randomBytes(32)));
const order = orderSchemaFor(parseMunicipalityConfig(demo), stockholmToday(new Date())).parse(exampleOrder());
const { clear, personal } = separatePersonalData(order);

describe('the personal-data vault', () => {
  it('seals each field so that nothing of it shows, and opens it again for its own case', async () => {
    const sealed = await vault.seal('CASE-A', personal);
    const text = JSON.stringify(sealed) + Buffer.from(sealed.person, 'base64').toString('latin1') + Buffer.from(sealed.decisionText, 'base64').toString('latin1');
    for (const secret of ['Karin', 'Lindqvist', '194006122388', '400612', 'Järnvägsgatan', '070-123 45 67', 'höftfraktur', 'dusch']) expect(text).not.toContain(secret);
    const opened = await vault.open('CASE-A', sealed);
    expect(joinPersonalData(clear, opened)).toEqual(order);
    expect(await vault.open('CASE-A', { decisionText: sealed.decisionText })).toEqual({ decisionText: personal.decisionText });
  });

  it('keeps the clear part free of the person: only the protected-identity flag, dates, insatser and rates', () => {
    expect(clear.person).toEqual({ protectedIdentity: false });
    expect(JSON.stringify(clear)).not.toMatch(/Karin|Lindqvist|194006122388|Järnvägsgatan|höftfraktur/);
    expect(clear.decision.insatser.map((i) => i.type)).toEqual(['hemtjanst', 'trygghetslarm']);
  });

  it('refuses a field moved to another case, put in another field, or altered — it was sealed for its place', async () => {
    const sealed = await vault.seal('CASE-A', personal);
    await expect(vault.open('CASE-B', { person: sealed.person })).rejects.toBeInstanceOf(PersonalDataTamperedError);
    await expect(vault.open('CASE-A', { person: sealed.decisionText })).rejects.toBeInstanceOf(PersonalDataTamperedError);
    const bytes = Buffer.from(sealed.person, 'base64');
    bytes[bytes.length - 40] ^= 1;
    await expect(vault.open('CASE-A', { person: bytes.toString('base64') })).rejects.toBeInstanceOf(PersonalDataTamperedError);
  });

  it('opens nothing with another key', async () => {
    const sealed = await vault.seal('CASE-A', personal);
    const other = new EncryptionSdkVault(rawAesKeyring(randomBytes(32)));
    await expect(other.open('CASE-A', sealed)).rejects.toBeInstanceOf(PersonalDataTamperedError);
  });
});
