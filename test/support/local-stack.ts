import { startLocalStack as start, type LocalStack, type LocalStackOptions } from '../../infra/local/stack';

/** The real local stack for a test file: in memory, on free ports. */
export function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  return start({ port: 0, ...options });
}

export interface ReceivedMail {
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Every mail the local SES has received. */
export async function receivedMails(mailUrl: string): Promise<ReceivedMail[]> {
  const res = await fetch(`${mailUrl}/store`);
  const json = (await res.json()) as { emails: ReceivedMail[] };
  return json.emails;
}

/** Waits until `predicate` holds for the received mails (the dispatcher works asynchronously). */
export async function waitForMails(
  mailUrl: string,
  predicate: (mails: ReceivedMail[]) => boolean,
  timeoutMs = 15_000,
): Promise<ReceivedMail[]> {
  const started = Date.now();
  for (;;) {
    const mails = await receivedMails(mailUrl);
    if (predicate(mails)) return mails;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`Timed out waiting for mails; received ${mails.length}: ${mails.map((m) => m.subject).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
