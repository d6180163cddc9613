import { completionAnsweredMail, newMessageMail } from '../../../shared/mail/notifications';
import {
  ATTACHMENT_TYPES,
  ATTACHMENT_TYPES_TEXT,
  CHANNELS,
  hasAllowedExtension,
  MAX_ATTACHMENT_BYTES,
  newAttachmentSchema,
  newMessageSchema,
  type AttachmentInfo,
  type AttachmentReady,
  type Channel,
  type MessageView,
  type Thread,
  type UploadTicket,
} from '../../../shared/messages';
import type { MunicipalityConfig } from '../../../shared/municipality';
import type { OrdererPrincipal } from '../access/orderer-access';
import { messageChannels } from '../access/policy';
import type { Principal } from '../access/principals';
import { CaseChangedError, type AuditLog, type CaseStore, type CaseView } from '../cases/ports';
import { caseHandler } from '../cases/case-handler';
import { awaitingCompletion } from '../cases/orderer-case';
import { factsOfView } from '../cases/portal-views';
import type { Clock, IdGenerator } from '../kernel/clock';
import { parseInput } from '../kernel/parse-input';
import { DomainError, NotFoundError } from '../kernel/errors';
import { idempotentRequests, type IdempotencyStore } from '../kernel/idempotency';
import type { PersonalDataVault } from '../kernel/personal-data';
import type { Transactor } from '../kernel/transaction';
import type { OutboxMessage, OutboxStore, Recipient } from '../outbox/ports';
import { portalLinks } from '../routing/route-order';
import {
  AttachmentUnavailableError,
  NoticeChangedError,
  type AttachmentStorage,
  type FileTypeDetector,
  type MessageStore,
  type Party,
  type Receipt,
  type StoredAttachment,
  type StoredMessage,
} from './ports';
import { caseMails } from '../outbox/case-mails';
import { CasePurgedError } from '../purge/ports';

/** Whoever takes part in a case's messages: staff logged in to the portal, or the orderer with a code. */
export type Participant = Principal | OrdererPrincipal;

/** Several messages in a case within this window give one notice per address. */
export const NOTICE_WINDOW_MS = 15 * 60_000;
/** How long the browser's signed upload and download requests hold. */
export const UPLOAD_SECONDS = 300;
export const DOWNLOAD_SECONDS = 60;
/** How much of a file is read to tell its type (zip-based formats list their parts at the start). */
const SNIFF_BYTES = 64 * 1024;

export interface MessageDeps {
  cases: CaseStore;
  messages: MessageStore;
  audit: AuditLog;
  vault: PersonalDataVault;
  outbox: OutboxStore;
  transactor: Transactor;
  idempotency: IdempotencyStore;
  storage: AttachmentStorage;
  fileTypes: FileTypeDetector;
  clock: Clock;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const missing = () => new NotFoundError('Ärendet');
const fieldError = (path: string, message: string, status = 400) => new DomainError(status, 'validation_failed', message, [{ path, message }]);

/**
 * Secure messages per case: the conversation with the home municipality and the internal notes,
 * files uploaded straight to object storage and checked by content, who read what, and notices
 * that say only that there is something to read. Every read of messages or download of a file is
 * audited, like any read of personal data; the text and the files' names are sealed.
 */
export const caseMessages = (deps: MessageDeps) => {
  const { config } = deps;
  const idempotent = (who: Participant) => idempotentRequests<{ messageId: string }>({ store: deps.idempotency, ids: deps.ids, scope: `message:${who.email.toLowerCase()}`, what: 'meddelande' });

  /** The conversations this person has in the case: none means the case does not exist for them. */
  function channelsOf(who: Participant, view: CaseView): Channel[] {
    if (who.role === 'orderer') return who.caseId === view.caseId ? ['conversation'] : [];
    return messageChannels(who, factsOfView(view));
  }

  async function visible(who: Participant, reference: string) {
    const caseId = await deps.cases.findIdByReference(reference);
    const view = caseId ? await deps.cases.find(caseId) : undefined;
    if (!caseId || !view) throw missing();
    const channels = channelsOf(who, view);
    if (channels.length === 0) throw missing();
    return { caseId, view, channels };
  }

  function partyOf(who: Participant): Party {
    if (who.role === 'orderer') return 'orderer';
    if (who.role === 'provider') return `provider:${who.providerId}`;
    return 'municipality';
  }

  /** The function a person writes for, as SDK names a sender: "Äldreomsorgens myndighetsenhet, Sundbyberg". */
  function functionOf(who: Participant): string {
    if (who.role === 'orderer') return `${who.unit}, ${who.organisation}`;
    if (who.role === 'provider') return config.providers.find((p) => p.id === who.providerId)!.name;
    if ('unitId' in who) return `${config.units.find((u) => u.id === who.unitId)!.name}, ${config.municipality.name}`;
    return config.municipality.name;
  }

  /** How others see this person on a receipt: "Anna Berg, Katrineholm". */
  function readerLabel(who: Participant): string {
    if (who.role === 'orderer') return `${who.name}, ${who.organisation}`;
    if (who.role === 'provider') return `${who.name}, ${config.providers.find((p) => p.id === who.providerId)!.name}`;
    return `${who.name}, ${config.municipality.name}`;
  }

  function auditView(who: Participant): string {
    return who.role === 'orderer' ? 'orderer' : who.role === 'provider' ? 'assignments' : 'case';
  }

  async function attachmentView(caseId: string, a: StoredAttachment, who: Participant, receipts: Receipt[]): Promise<AttachmentInfo> {
    const fileName = await deps.vault.openText(caseId, `attachment:${a.id}`, a.sealedFileName);
    const downloads = receipts.filter((r) => r.kind === 'download' && r.subjectId === a.id).map((r) => ({ who: r.who, at: r.at }));
    return {
      id: a.id,
      fileName,
      size: a.size,
      typeLabel: ATTACHMENT_TYPES[a.contentType as keyof typeof ATTACHMENT_TYPES] ?? 'Fil',
      ...(same(a.uploadedBy, who.email) ? { downloadedBy: downloads } : {}),
    };
  }

  /** Who is told of a new message: everyone of the conversation but the writer's own side. */
  function noticeRecipients(view: CaseView, channel: Channel, who: Participant): { address: string; recipient: Recipient; link: string }[] {
    const links = portalLinks(deps.publicBaseUrl, view.reference);
    const list: { address: string; recipient: Recipient; link: string }[] = [];
    if (channel === 'conversation') list.push({ address: view.order.orderer.email, recipient: 'orderer', link: links.orderer });
    const caseworker = view.routing.kind === 'caseworker' ? config.caseworkers.find((c) => c.id === view.routing.caseworkerId) : undefined;
    const handler = caseworker ? { email: caseworker.email, recipient: 'caseworker' as const } : { email: config.units.find((u) => u.id === view.routing.unitId)!.head.email, recipient: 'unit_head' as const };
    list.push({ address: handler.email, recipient: handler.recipient, link: links.case });
    for (const a of view.assignments) {
      if (a.status !== 'sent' && a.status !== 'confirmed') continue;
      if (!('providerId' in a.decision)) continue;
      const provider = config.providers.find((p) => p.id === (a.decision as { providerId: string }).providerId)!;
      list.push({ address: provider.email, recipient: 'provider', link: links.assignment });
    }
    const ownMailbox = who.role === 'provider' ? config.providers.find((p) => p.id === who.providerId)!.email : undefined;
    const seen = new Set<string>();
    return list.filter((r) => {
      const key = r.address.toLowerCase();
      if (seen.has(key) || same(r.address, who.email) || (ownMailbox && same(r.address, ownMailbox))) return false;
      seen.add(key);
      return true;
    });
  }

  const api = {
    /**
     * The thread as this person sees it: the orderer only the conversation with the home
     * municipality. Reading it is audited first; the messages others wrote are marked read by
     * this person (their writers see the receipt), and the inbox's unread count drops.
     */
    async thread(who: Participant, reference: string): Promise<Thread> {
      const { caseId, channels } = await visible(who, reference);
      const stored = await deps.messages.thread(caseId);
      const shown = stored.messages.filter((m) => channels.includes(m.channel));
      const at = deps.clock.now().toISOString();
      if (shown.length > 0) {
        await deps.audit.record({ id: deps.ids.next(), caseId, at, by: who.email, name: who.name, role: who.role, what: ['messages'], view: auditView(who) });
      }
      const attachments = new Map(stored.attachments.map((a) => [a.id, a]));
      const readByMe = new Set(stored.receipts.filter((r) => r.kind === 'read' && same(r.email, who.email)).map((r) => r.subjectId));
      const unread = new Set(shown.filter((m) => !same(m.sender.email, who.email) && !readByMe.has(m.id)).map((m) => m.id));
      const messages: MessageView[] = await Promise.all(
        shown.map(async (m) => {
          const own = same(m.sender.email, who.email);
          const files = m.attachmentIds.map((id) => attachments.get(id)).filter((a): a is StoredAttachment => a !== undefined);
          return {
            id: m.id,
            conversationId: m.conversationId,
            channel: m.channel,
            ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
            sentAt: m.sentAt,
            sender: { name: m.sender.name, function: m.sender.function },
            own,
            text: await deps.vault.openText(caseId, `message:${m.id}`, m.sealedText),
            attachments: await Promise.all(files.map((a) => attachmentView(caseId, a, who, stored.receipts))),
            ...(own
              ? { readBy: stored.receipts.filter((r) => r.kind === 'read' && r.subjectId === m.id && !same(r.email, m.sender.email)).map((r) => ({ who: r.who, at: r.at })) }
              : {}),
            unread: unread.has(m.id),
          };
        }),
      );
      await Promise.all([
        deps.messages.recordReceipts(shown.filter((m) => unread.has(m.id)).map((m) => ({ caseId, subjectId: m.id, kind: 'read' as const, email: who.email, who: readerLabel(who), at }))),
        deps.messages.markSeen(caseId, who.email, Object.fromEntries(CHANNELS.map((c) => [c, shown.filter((m) => m.channel === c).length])) as Record<Channel, number>),
      ]);
      return { reference, channels, messages };
    },

    /**
     * **Skicka**: a message to one of the case's conversations, with files uploaded and checked
     * before. Everyone else of the conversation gets a notice — reference and link only — unless
     * they got one for the case within 15 minutes. Sent again with the same `Idempotency-Key`, it
     * is not sent twice.
     */
    async send(who: Participant, reference: string, body: unknown, idempotencyKey?: string): Promise<Thread> {
      const { caseId, view, channels } = await visible(who, reference);
      if (view.purged) throw new CasePurgedError();
      const input = parseInput(newMessageSchema, body);
      if (!channels.includes(input.channel)) throw fieldError('channel', 'Du kan inte skriva i den konversationen.');
      const attachmentIds = [...new Set(input.attachmentIds)];
      if (attachmentIds.length > 0 || input.inReplyTo) {
        const stored = await deps.messages.thread(caseId);
        attachmentIds.forEach((id, i) => {
          const a = stored.attachments.find((x) => x.id === id);
          if (!a || a.status !== 'ready' || !same(a.uploadedBy, who.email) || a.messageId) {
            throw fieldError(`attachmentIds.${i}`, 'Filen är inte uppladdad och kontrollerad, eller är redan skickad. Bifoga den igen.');
          }
        });
        if (input.inReplyTo && !stored.messages.some((m) => m.id === input.inReplyTo && m.channel === input.channel)) {
          throw fieldError('inReplyTo', 'Meddelandet du svarar på finns inte i den här konversationen.');
        }
      }
      const request = idempotent(who)(idempotencyKey, { reference, ...input });
      await request.run({
        now: deps.clock.now(),
        alongside: async () => undefined,
        work: async (_ready, complete) => {
          const now = deps.clock.now();
          const at = now.toISOString();
          const id = deps.ids.next();
          const message: StoredMessage = {
            caseId,
            id,
            conversationId: `${caseId}:${input.channel}`,
            channel: input.channel,
            ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
            sentAt: at,
            sender: { email: who.email, name: who.name, function: functionOf(who), party: partyOf(who) },
            sealedText: await deps.vault.sealText(caseId, `message:${id}`, input.text),
            attachmentIds,
          };
          const recipients = noticeRecipients(view, input.channel, who);
          // The orderer writing in the conversation answers a completion request: the case runs again.
          let answering = who.role === 'orderer' && input.channel === 'conversation' && awaitingCompletion(view) ? view.completion! : undefined;
          const handler = caseHandler(config, view.routing);
          for (let attempt = 1; ; attempt++) {
            const last = await deps.messages.lastNotices(caseId, recipients.map((r) => r.address));
            // The caseworker's notice of an answer is the completion mail, not a second one.
            const due = recipients.filter((r) => (!last[r.address] || now.getTime() - Date.parse(last[r.address]) >= NOTICE_WINDOW_MS) && !(answering && r.address === handler.email));
            const notices: OutboxMessage[] = due.map((r) => ({
              id: deps.ids.next(),
              caseId,
              kind: 'new_message',
              recipient: r.recipient,
              to: r.address,
              createdAt: at,
              mail: newMessageMail({ reference, link: r.link, municipalityName: config.municipality.name, forOrderer: r.recipient === 'orderer' }),
            }));
            if (answering) {
              notices.push({
                id: deps.ids.next(),
                caseId,
                kind: 'completion_answered',
                recipient: handler.recipient,
                to: handler.email,
                createdAt: at,
                mail: completionAnsweredMail({ reference, link: portalLinks(deps.publicBaseUrl, reference).case, municipalityName: config.municipality.name }),
              });
            }
            try {
              await deps.transactor.commit([
                deps.messages.post(message),
                ...(answering
                  ? [
                      deps.cases.answerCompletion({ caseId, requestedAt: answering.requestedAt, answeredAt: at, answeredBy: who.email, pausedMs: Math.max(0, now.getTime() - Date.parse(answering.requestedAt)) }),
                      deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'completion_answered', by: who.email, at }),
                    ]
                  : [deps.cases.countMessage(caseId, input.channel)]),
                ...due.map((r) => deps.messages.recordNotice({ caseId, address: r.address, at, previous: last[r.address] })),
                ...(notices.length > 0 ? [deps.outbox.enqueue(caseMails(view.order, notices))] : []),
                ...complete(201, { messageId: id }),
              ]);
              return { statusCode: 201, answer: { messageId: id } };
            } catch (error) {
              if (error instanceof NoticeChangedError && attempt < 5) continue;
              // Answered by another message of theirs first: this one is an ordinary message.
              if (error instanceof CaseChangedError && answering && attempt < 5) {
                answering = undefined;
                continue;
              }
              if (error instanceof AttachmentUnavailableError) throw fieldError('attachmentIds', 'En bifogad fil har redan skickats eller är inte klar. Bifoga den igen.', 409);
              throw error;
            }
          }
        },
      });
      return api.thread(who, reference);
    },

    /**
     * **Bifoga fil**, first step: the file's name, size and claimed type are checked, and the
     * browser gets a signed request that puts the file straight into object storage (nothing passes
     * through the functions). The file is not usable until `completeUpload` has checked it.
     */
    async startUpload(who: Participant, reference: string, body: unknown): Promise<UploadTicket> {
      const { caseId, view } = await visible(who, reference);
      if (view.purged) throw new CasePurgedError();
      const input = parseInput(newAttachmentSchema, body);
      if (!hasAllowedExtension(input.fileName)) throw fieldError('fileName', `Den filtypen går inte att bifoga. Bifoga ${ATTACHMENT_TYPES_TEXT}.`);
      const now = deps.clock.now();
      const id = deps.ids.next();
      const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(input.contentType) ? input.contentType : 'application/octet-stream';
      const objectKey = `cases/${caseId}/attachments/${id}`;
      await deps.messages.createAttachment({
        caseId,
        id,
        objectKey,
        size: input.size,
        contentType,
        sealedFileName: await deps.vault.sealText(caseId, `attachment:${id}`, input.fileName),
        uploadedBy: who.email,
        party: partyOf(who),
        createdAt: now.toISOString(),
        status: 'pending',
      });
      const upload = await deps.storage.uploadRequest(objectKey, { contentType, size: input.size }, UPLOAD_SECONDS);
      return { attachmentId: id, upload: { method: 'PUT', ...upload }, expiresAt: new Date(now.getTime() + UPLOAD_SECONDS * 1000).toISOString() };
    },

    /**
     * **Bifoga fil**, second step: the uploaded file's size and its content decide — a file that
     * is not what may be attached (a renamed program, an oversized file) is deleted at once and
     * the answer says why.
     */
    async completeUpload(who: Participant, reference: string, attachmentId: string): Promise<AttachmentReady> {
      const { caseId } = await visible(who, reference);
      const a = await deps.messages.findAttachment(caseId, attachmentId);
      if (!a || !same(a.uploadedBy, who.email)) throw new NotFoundError('Filen');
      if (a.status === 'pending') {
        const size = await deps.storage.size(a.objectKey);
        if (size === undefined) throw fieldError('file', 'Filen har inte laddats upp. Försök igen.');
        const refuse = async (message: string) => {
          await deps.storage.remove(a.objectKey);
          await deps.messages.removeAttachment(caseId, a.id);
          return fieldError('file', message);
        };
        if (size > MAX_ATTACHMENT_BYTES) throw await refuse(`Filen är för stor: högst ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB. Den har tagits bort.`);
        if (size !== a.size) throw await refuse('Filen kom inte fram hel. Den har tagits bort; bifoga den igen.');
        const type = await deps.fileTypes.detect(await deps.storage.firstBytes(a.objectKey, SNIFF_BYTES));
        if (!type || !(type in ATTACHMENT_TYPES)) {
          throw await refuse(`Filen är inte en ${ATTACHMENT_TYPES_TEXT}-fil – vi ser på innehållet, inte på namnet. Den har tagits bort.`);
        }
        await deps.messages.markAttachmentReady(caseId, a.id, type);
        a.status = 'ready';
        a.contentType = type;
      }
      // No file name in the answer: the browser knows it, and this function opens no sealed data.
      return { attachment: { id: a.id, size: a.size, typeLabel: ATTACHMENT_TYPES[a.contentType as keyof typeof ATTACHMENT_TYPES] ?? 'Fil' } };
    },

    /**
     * A file to download: for whoever sees the message that carries it (or uploaded it), as a
     * signed link that holds a minute. In AWS only a file GuardDuty found clean is served.
     * Audited, and the first download of someone else's file is receipted.
     */
    async download(who: Participant, reference: string, attachmentId: string): Promise<{ url: string }> {
      const { caseId, channels } = await visible(who, reference);
      const stored = await deps.messages.thread(caseId);
      const a = stored.attachments.find((x) => x.id === attachmentId);
      const message = a?.messageId ? stored.messages.find((m) => m.id === a.messageId) : undefined;
      const mine = a !== undefined && same(a.uploadedBy, who.email);
      if (!a || a.status !== 'ready' || !(mine || (message && channels.includes(message.channel)))) throw new NotFoundError('Filen');
      const scan = await deps.storage.malwareScan(a.objectKey);
      if (scan === 'pending') throw new DomainError(409, 'scan_pending', 'Filen kontrolleras mot skadlig kod. Försök igen om en stund.', undefined, { 'retry-after': '10' });
      if (scan === 'threat') throw new DomainError(409, 'malware_found', 'Filen innehåller skadlig kod och kan inte hämtas. Be avsändaren skicka den igen.');
      if (scan === 'failed') throw new DomainError(409, 'scan_failed', 'Filen kunde inte kontrolleras mot skadlig kod och kan därför inte hämtas. Be avsändaren skicka den i ett annat format.');
      const at = deps.clock.now().toISOString();
      await deps.audit.record({ id: deps.ids.next(), caseId, at, by: who.email, name: who.name, role: who.role, what: ['attachment'], view: auditView(who) });
      if (!mine) await deps.messages.recordReceipts([{ caseId, subjectId: a.id, kind: 'download', email: who.email, who: readerLabel(who), at }]);
      const fileName = await deps.vault.openText(caseId, `attachment:${a.id}`, a.sealedFileName);
      return { url: await deps.storage.downloadUrl(a.objectKey, { fileName, contentType: a.contentType }, DOWNLOAD_SECONDS) };
    },

  };
  return api;
};
