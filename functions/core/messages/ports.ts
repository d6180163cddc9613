import type { Channel } from '../../../shared/messages';
import type { PreparedWrite } from '../kernel/transaction';

/** The sides of a case: the home municipality (the orderer), us (the stay municipality's staff), a provider. */
export type Party = 'orderer' | 'municipality' | `provider:${string}`;

/** Who wrote a message: the person, and the function they wrote for (as SDK names a sender). */
export interface MessageSender {
  email: string;
  name: string;
  /** E.g. "Äldreomsorgens myndighetsenhet, Sundbyberg", "Duvbo Omsorg AB". */
  function: string;
  party: Party;
}

export interface StoredMessage {
  caseId: string;
  /** A ULID: unique, and sorted by time. */
  id: string;
  /** The case's conversation with the home municipality, or its internal notes (`<case id>:<channel>`). */
  conversationId: string;
  channel: Channel;
  inReplyTo?: string;
  sentAt: string;
  sender: MessageSender;
  /** The text, sealed: it may hold personal data. */
  sealedText: string;
  attachmentIds: string[];
}

/**
 * A file on its way to a message: `pending` while the browser uploads it straight to object
 * storage, `ready` once its size and content (magic bytes, never its name) are checked, then
 * bound to the message that carries it.
 */
export interface StoredAttachment {
  caseId: string;
  id: string;
  objectKey: string;
  size: number;
  /** As the browser declared it while pending; as detected from the content once ready. */
  contentType: string;
  /** The file's name, sealed (names like "Utredning Elsa Andersson.pdf" are personal data). */
  sealedFileName: string;
  uploadedBy: string;
  party: Party;
  createdAt: string;
  status: 'pending' | 'ready';
  messageId?: string;
}

/** Someone read a message, or downloaded a file, for the first time. */
export interface Receipt {
  caseId: string;
  /** The message's or the attachment's id. */
  subjectId: string;
  kind: 'read' | 'download';
  email: string;
  /** How the sender sees the reader: "Anna Berg, Katrineholm". */
  who: string;
  at: string;
}

export type ChannelCounts = Record<Channel, number>;

/** A file given with a message is not one of the sender's, ready and unused (someone used it first). */
export class AttachmentUnavailableError extends Error {
  constructor() {
    super('The attachment is not ready, not the sender’s, or already sent');
    this.name = 'AttachmentUnavailableError';
  }
}

/** A notice was sent to the address meanwhile (another message at the same moment): decide again. */
export class NoticeChangedError extends Error {
  constructor() {
    super('A notice to this address was recorded concurrently');
    this.name = 'NoticeChangedError';
  }
}

/** The messages of a case, their files, who read what, and the notices the messages caused. */
export interface MessageStore {
  /**
   * The message, with its files bound to it (each must be the sender's, ready and not sent yet:
   * else `AttachmentUnavailableError`), and counted as seen by its sender.
   */
  post(message: StoredMessage): PreparedWrite;
  /** Everything of the case's thread: messages (oldest first), their files, receipts. */
  thread(caseId: string): Promise<{ messages: StoredMessage[]; attachments: StoredAttachment[]; receipts: Receipt[] }>;
  /** Receipts, each kept only the first time (the first read is the one that counts). */
  recordReceipts(receipts: readonly Receipt[]): Promise<void>;
  /** How many messages of each conversation each person has seen, per case. */
  seen(email: string, caseIds: readonly string[]): Promise<Record<string, ChannelCounts>>;
  /** The person has seen this many of each conversation (counts never go down). */
  markSeen(caseId: string, email: string, counts: ChannelCounts): Promise<void>;

  createAttachment(attachment: StoredAttachment): Promise<void>;
  findAttachment(caseId: string, id: string): Promise<StoredAttachment | undefined>;
  /** A pending file passed its checks: ready, with the type its content showed. */
  markAttachmentReady(caseId: string, id: string, contentType: string): Promise<void>;
  removeAttachment(caseId: string, id: string): Promise<void>;

  /** When each address was last sent a notice about the case's messages. */
  lastNotices(caseId: string, addresses: readonly string[]): Promise<Record<string, string>>;
  /** A notice sent now; fails (`NoticeChangedError`) unless the last one is still `previous`. */
  recordNotice(input: { caseId: string; address: string; at: string; previous?: string }): PreparedWrite;
}

/** What a file's first bytes say it is (a MIME type), or `undefined` when they say nothing known. */
export interface FileTypeDetector {
  detect(bytes: Uint8Array): Promise<string | undefined>;
}

/** In AWS, GuardDuty's verdict on an object (its tag): not yet, clean, a threat, or it could not scan; locally nothing scans. */
export type MalwareScan = 'clean' | 'pending' | 'threat' | 'failed' | 'not_scanned';

/** Object storage for attachments: the browser uploads and downloads with short-lived signed requests. */
export interface AttachmentStorage {
  /** A signed request the browser sends the file with (PUT, exactly this type and size). */
  uploadRequest(key: string, file: { contentType: string; size: number }, expiresInSeconds: number): Promise<{ url: string; headers: Record<string, string> }>;
  /** The stored object's size, or `undefined` if nothing was uploaded. */
  size(key: string): Promise<number | undefined>;
  /** The first `n` bytes, to tell the type by content. */
  firstBytes(key: string, n: number): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
  /** A signed link that downloads the object as this file name, for a minute or so. */
  downloadUrl(key: string, file: { fileName: string; contentType: string }, expiresInSeconds: number): Promise<string>;
  malwareScan(key: string): Promise<MalwareScan>;
}
