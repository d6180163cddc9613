import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { ORDERER_CODE_LENGTH, ordererCodeSchema, type OrdererCase } from '../../../shared/messages';
import { ordererCodeMail } from '../../../shared/mail/notifications';
import type { MunicipalityConfig } from '../../../shared/municipality';
import * as z from 'zod/mini';
import { toFieldIssues } from '../../../shared/order';
import { ordererCase } from '../cases/orderer-case';
import type { CaseStore, CaseView } from '../cases/ports';
import type { Clock, IdGenerator } from '../kernel/clock';
import { DomainError } from '../kernel/errors';
import type { Transactor } from '../kernel/transaction';
import type { OutboxStore } from '../outbox/ports';
import type { OrdererCodeStore, OrdererSession, OrdererSessionStore, RateWindows } from './ports';
import { caseMails } from '../outbox/case-mails';

/**
 * The orderer's way in. Other municipalities' caseworkers have no account with us: the link in
 * every mail leads to the case's page, which sends a one-time code to the address the order came
 * from; the code opens a short session for that case only. Codes expire, work once, are kept only
 * as salted hashes, and are never in a URL; sending and guessing are limited per case and address.
 */

/** A code works for 10 minutes… */
export const ORDERER_CODE_MS = 10 * 60_000;
/** …and opens the case for 30 minutes, however busy. */
export const ORDERER_SESSION_MS = 30 * 60_000;
/** Wrong guesses one code takes before it is dead. */
export const MAX_GUESSES_PER_CODE = 5;
const HOUR = 3_600_000;
/** Codes sent per case, and per address, in an hour. */
export const CODES_PER_CASE_PER_HOUR = 5;
export const CODES_PER_ADDRESS_PER_HOUR = 10;
/** Wrong guesses per case in an hour, over all its codes. */
export const WRONG_GUESSES_PER_CASE_PER_HOUR = 15;

/** An orderer with a live session: the case it opened, and who they are as the order says. */
export interface OrdererPrincipal {
  role: 'orderer';
  email: string;
  name: string;
  caseId: string;
  reference: string;
  /** The home municipality, e.g. "Katrineholm". */
  organisation: string;
  /** The orderer's unit there, as the order names it. */
  unit: string;
}

export interface OrdererAccessDeps {
  cases: Pick<CaseStore, 'findIdByReference' | 'find'>;
  codes: OrdererCodeStore;
  ordererSessions: OrdererSessionStore;
  rates: RateWindows;
  outbox: OutboxStore;
  transactor: Transactor;
  clock: Clock;
  ids: IdGenerator;
  config: MunicipalityConfig;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const hashCode = (salt: string, caseId: string, code: string) => sha256(`${salt}:${caseId}:${code}`);
const random = () => randomBytes(32).toString('base64url');

export class TooManyCodesError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'rate_limited', message, undefined, { 'retry-after': String(Math.max(1, retryAfterSeconds)) });
  }
}

const wrongCode = (message: string) => new DomainError(400, 'validation_failed', message, [{ path: 'code', message }]);

const secondsLeftInHour = (now: Date) => Math.ceil((HOUR - (now.getTime() % HOUR)) / 1000);

export function ordererPrincipalOf(view: CaseView, email: string): OrdererPrincipal {
  return { role: 'orderer', email, name: view.order.orderer.name, caseId: view.caseId, reference: view.reference, organisation: view.order.homeMunicipality.name, unit: view.order.orderer.unit };
}

export const ordererAccess = (deps: OrdererAccessDeps) => {
  async function caseOf(reference: string): Promise<CaseView | undefined> {
    const caseId = await deps.cases.findIdByReference(reference);
    return caseId ? deps.cases.find(caseId) : undefined;
  }

  return {
    /**
     * Sends a new code to the address the order came from. The answer is the same whether the
     * case exists or not (a reference alone tells nobody anything).
     */
    async sendCode(reference: string): Promise<void> {
      const view = await caseOf(reference);
      // A purged case has no one to let in (and says so no more than a missing one).
      if (!view || view.purged) return;
      const now = deps.clock.now();
      const email = view.order.orderer.email;
      const [perCase, perAddress] = await Promise.all([
        deps.rates.hit(`orderer-code-case:${view.caseId}`, HOUR, now),
        deps.rates.hit(`orderer-code-address:${sha256(email.toLowerCase())}`, HOUR, now),
      ]);
      if (perCase > CODES_PER_CASE_PER_HOUR || perAddress > CODES_PER_ADDRESS_PER_HOUR) {
        throw new TooManyCodesError('Du har bett om många koder på kort tid. Använd den senaste koden du fick, eller vänta en stund och be om en ny.', secondsLeftInHour(now));
      }
      const code = String(randomInt(0, 10 ** ORDERER_CODE_LENGTH)).padStart(ORDERER_CODE_LENGTH, '0');
      const salt = randomBytes(16).toString('hex');
      await deps.codes.save({
        caseId: view.caseId,
        email,
        codeHash: hashCode(salt, view.caseId, code),
        salt,
        sentAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + ORDERER_CODE_MS).toISOString(),
        attempts: 0,
      });
      await deps.transactor.commit([
        deps.outbox.enqueue(caseMails(view.order, [
          {
            id: deps.ids.next(),
            caseId: view.caseId,
            kind: 'orderer_code',
            recipient: 'orderer',
            to: email,
            createdAt: now.toISOString(),
            mail: ordererCodeMail({ reference: view.reference, code, validMinutes: ORDERER_CODE_MS / 60_000, municipalityName: deps.config.municipality.name }),
          },
        ])),
      ]);
    },

    /** **Öppna ärendet** with the **Engångskod**: a session for this case, or an error naming the code. */
    async openWithCode(reference: string, body: unknown): Promise<{ sessionId: string; principal: OrdererPrincipal }> {
      const parsed = z.safeParse(ordererCodeSchema, body);
      if (!parsed.success) throw new DomainError(400, 'validation_failed', 'Ange engångskoden.', toFieldIssues(parsed.error));
      const now = deps.clock.now();
      const view = await caseOf(reference);
      const dead = 'Koden gäller inte längre. Be om en ny kod.';
      if (!view) throw wrongCode(dead);
      const guessWindow = `orderer-guess-case:${view.caseId}`;
      if ((await deps.rates.count(guessWindow, HOUR, now)) >= WRONG_GUESSES_PER_CASE_PER_HOUR) {
        throw new TooManyCodesError('För många felaktiga koder för det här ärendet. Vänta en stund och be sedan om en ny kod.', secondsLeftInHour(now));
      }
      const stored = await deps.codes.find(view.caseId);
      if (!stored || stored.expiresAt <= now.toISOString()) throw wrongCode(dead);
      if (stored.attempts >= MAX_GUESSES_PER_CODE) throw wrongCode('Koden har spärrats efter för många felaktiga försök. Be om en ny kod.');
      const given = Buffer.from(hashCode(stored.salt, view.caseId, parsed.data.code), 'hex');
      if (!timingSafeEqual(given, Buffer.from(stored.codeHash, 'hex'))) {
        const [attempts] = await Promise.all([deps.codes.countWrongGuess(view.caseId, stored.codeHash), deps.rates.hit(guessWindow, HOUR, now)]);
        const left = MAX_GUESSES_PER_CODE - (attempts ?? MAX_GUESSES_PER_CODE);
        throw wrongCode(left > 0 ? `Koden stämmer inte. Du kan försöka ${left} ${left === 1 ? 'gång' : 'gånger'} till med den här koden.` : 'Koden har spärrats efter för många felaktiga försök. Be om en ny kod.');
      }
      if (!(await deps.codes.consume(view.caseId, stored.codeHash, MAX_GUESSES_PER_CODE))) throw wrongCode(dead);
      const sessionId = random();
      await deps.ordererSessions.create({ idHash: sha256(sessionId), caseId: view.caseId, email: stored.email, csrfToken: random(), createdAt: now.toISOString() });
      return { sessionId, principal: ordererPrincipalOf(view, stored.email) };
    },

    /** The orderer behind a session cookie, for this case only; `undefined` when there is none that holds. */
    async authenticate(sessionId: string | undefined, reference: string): Promise<{ principal: OrdererPrincipal; session: OrdererSession } | undefined> {
      if (!sessionId || sessionId.length > 200) return undefined;
      const session = await deps.ordererSessions.find(sha256(sessionId));
      if (!session) return undefined;
      if (deps.clock.now().getTime() - Date.parse(session.createdAt) > ORDERER_SESSION_MS) {
        await deps.ordererSessions.remove(session.idHash);
        return undefined;
      }
      const view = await caseOf(reference);
      if (!view || view.caseId !== session.caseId || view.purged) return undefined;
      return { principal: ordererPrincipalOf(view, session.email), session };
    },

    /** The orderer's page of the case: status, handler, each insats with its confirmation. */
    async caseFor(who: OrdererPrincipal, csrfToken: string): Promise<OrdererCase> {
      const view = await deps.cases.find(who.caseId);
      if (!view) throw new DomainError(404, 'not_found', 'Ärendet finns inte.');
      return ordererCase(deps.config, view, csrfToken, deps.clock.now());
    },

    async logout(sessionId: string | undefined): Promise<void> {
      if (sessionId && sessionId.length <= 200) await deps.ordererSessions.remove(sha256(sessionId));
    },
  };
};
