import { acuteMail } from '../../../shared/mail/layout';
import type { OutboxMessage } from './ports';

/**
 * The mails of one case as they are queued: every mail of an acute order (`stay.acute`) says
 * **Akut** in its subject. Every use case queuing a case's mails passes them through here.
 */
export function caseMails<M extends OutboxMessage>(order: { stay: { acute?: boolean } }, messages: readonly M[]): M[] {
  return order.stay.acute ? messages.map((m) => ({ ...m, mail: acuteMail(m.mail) })) : [...messages];
}
