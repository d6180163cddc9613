import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { CODES_PER_ADDRESS_PER_HOUR, CODES_PER_CASE_PER_HOUR, ordererAccess, WRONG_GUESSES_PER_CASE_PER_HOUR } from '../../../functions/core/access/orderer-access';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { DomainError } from '../../../functions/core/kernel/errors';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/** The orderer's one-time code over simulated time: expiry, single use, guessing and sending limits, the session's half hour. */
const config = parseMunicipalityConfig(demo);
const MINUTE = 60_000;

async function setup(orders = 1) {
  const stores = inMemoryStores();
  let now = new Date('2026-11-23T10:00:00+01:00');
  const clock = { now: () => now };
  let n = 0;
  const ids = { next: () => `ID${String(++n).padStart(8, '0')}` };
  const submit = submitOrder({ ...stores, vault: testVault(), clock, ids, config, publicBaseUrl: 'https://vistelse.example' });
  const references: string[] = [];
  for (let i = 0; i < orders; i++) references.push((await submit({ body: matrixOrder('ordinary', '2026-11-23') })).receipt.reference);
  const access = ordererAccess({ cases: stores.cases, codes: stores.ordererCodes, ordererSessions: stores.ordererSessions, rates: stores.rates, outbox: stores.outbox, transactor: stores.transactor, clock, ids, config });
  const lastCode = () => /: (\d{8})/.exec(stores.outbox.messages.filter((m) => m.kind === 'orderer_code').at(-1)!.mail.text)![1];
  const pass = (minutes: number) => (now = new Date(now.getTime() + minutes * MINUTE));
  return { access, references, lastCode, pass, stores };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e) => (e instanceof DomainError ? { status: e.status, fields: e.issues?.map((i) => i.path), message: e.message } : Promise.reject(e)),
  );

describe('the orderer’s one-time code', () => {
  it('works once, within 10 minutes, for its own case only', async () => {
    const { access, references, lastCode, pass } = await setup(2);
    await access.sendCode(references[0]);
    const code = lastCode();
    expect(await failure(access.openWithCode(references[1], { code }))).toMatchObject({ status: 400, fields: ['code'] });
    pass(9);
    const { sessionId, principal } = await access.openWithCode(references[0], { code });
    expect(principal).toMatchObject({ role: 'orderer', email: 'anna.berglund@katrineholm.example', reference: references[0], organisation: 'Katrineholm' });
    expect(await access.authenticate(sessionId, references[0])).toBeDefined();
    expect(await access.authenticate(sessionId, references[1])).toBeUndefined();
    expect(await failure(access.openWithCode(references[0], { code }))).toMatchObject({ status: 400, fields: ['code'] });

    await access.sendCode(references[0]);
    const late = lastCode();
    pass(10);
    expect(await failure(access.openWithCode(references[0], { code: late }))).toMatchObject({ status: 400, fields: ['code'], message: expect.stringMatching(/gäller inte längre/) });
  });

  it('is replaced by a new one', async () => {
    const { access, references, lastCode } = await setup();
    await access.sendCode(references[0]);
    const first = lastCode();
    await access.sendCode(references[0]);
    const second = lastCode();
    if (first !== second) expect(await failure(access.openWithCode(references[0], { code: first }))).toMatchObject({ status: 400 });
    expect((await access.openWithCode(references[0], { code: second })).sessionId).toBeTruthy();
  });

  it('opens a session of 30 minutes, however busy', async () => {
    const { access, references, lastCode, pass } = await setup();
    await access.sendCode(references[0]);
    const { sessionId } = await access.openWithCode(references[0], { code: lastCode() });
    pass(29);
    expect(await access.authenticate(sessionId, references[0])).toBeDefined();
    pass(2);
    expect(await access.authenticate(sessionId, references[0])).toBeUndefined();
  });

  it('can’t be guessed: five wrong guesses kill a code, and fifteen an hour close the case to guessing, whatever new codes are sent', async () => {
    const { access, references, lastCode, pass } = await setup();
    const wrongFor = (code: string) => (code === '00000000' ? '00000001' : '00000000');
    let guesses = 0;
    for (let round = 0; round < 3; round++) {
      await access.sendCode(references[0]);
      const code = lastCode();
      for (let i = 0; i < 5; i++) {
        expect(await failure(access.openWithCode(references[0], { code: wrongFor(code) }))).toMatchObject({ status: 400, fields: ['code'] });
        guesses++;
      }
      expect(await failure(access.openWithCode(references[0], { code }))).toMatchObject({ status: round < 2 ? 400 : 429 });
    }
    expect(guesses).toBe(WRONG_GUESSES_PER_CASE_PER_HOUR);
    await access.sendCode(references[0]);
    expect(await failure(access.openWithCode(references[0], { code: lastCode() }))).toMatchObject({ status: 429 });
    pass(60);
    await access.sendCode(references[0]);
    expect((await access.openWithCode(references[0], { code: lastCode() })).sessionId).toBeTruthy();
  });

  it('is sent at most five times an hour per case, and ten per address', async () => {
    const { access, references, pass } = await setup(3);
    for (let i = 0; i < CODES_PER_CASE_PER_HOUR; i++) await access.sendCode(references[0]);
    expect(await failure(access.sendCode(references[0]))).toMatchObject({ status: 429 });
    // The same orderer's address: five more over other cases, then none.
    for (let i = 0; i < CODES_PER_ADDRESS_PER_HOUR - CODES_PER_CASE_PER_HOUR - 1; i++) await access.sendCode(references[1]);
    expect(await failure(access.sendCode(references[2]))).toMatchObject({ status: 429 });
    pass(60);
    await access.sendCode(references[2]);
  });

  it('names the field for a malformed code, and keeps nothing but its hash', async () => {
    const { access, references, lastCode, stores } = await setup();
    expect(await failure(access.openWithCode(references[0], { code: '12ab' }))).toMatchObject({ status: 400, fields: ['code'] });
    expect(await failure(access.openWithCode(references[0], {}))).toMatchObject({ status: 400, fields: ['code'] });
    await access.sendCode(references[0]);
    const code = lastCode();
    expect(JSON.stringify([...stores.ordererCodes.codes.values()])).not.toContain(code);
  });
});
