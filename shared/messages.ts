import * as z from 'zod/mini';
import './zod-sv';

/**
 * Secure messages per case: the requests and answers of the thread, shared by the portal's and the
 * orderer's pages and the API. Everything here is read behind login; e-mail only says that there
 * is something to read.
 *
 * A case has two conversations: the one **with the home municipality** (the orderer, our
 * caseworker and the providers) and the **internal notes** among our staff and the providers,
 * which the orderer never sees. Messages carry what a bridge to DIGG's *Säker digital
 * kommunikation* (SDK) would need: a message id, a conversation id, the message answered, and the
 * sender as a function ("Äldreomsorgens myndighetsenhet, Sundbyberg") besides the person.
 */

export const CHANNELS = ['conversation', 'internal'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  conversation: 'Med hemkommunen',
  internal: 'Intern anteckning',
};

/** Most files one message carries, and the largest file (the routines' documents are PDFs and Office files). */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_MESSAGE_CHARS = 10_000;

/**
 * What may be attached, decided by the file's content (its magic bytes), never by its name or the
 * type the browser claims: PDF, PNG, JPEG, Word, Excel and the OpenDocument formats. The old
 * binary Office formats (.doc, .xls) are left out: their container (CFB) is also an installer's
 * (.msi), and their content can't be told apart by its first bytes.
 */
export const ATTACHMENT_TYPES = {
  'application/pdf': 'PDF',
  'image/png': 'PNG-bild',
  'image/jpeg': 'JPEG-bild',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word-dokument',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel-fil',
  'application/vnd.oasis.opendocument.text': 'OpenDocument-text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument-kalkylblad',
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods';
export const ATTACHMENT_TYPES_TEXT = 'PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) eller OpenDocument (.odt, .ods)';
/** Whether a file's name has one of the extensions above (a first check; the content decides). */
export const hasAllowedExtension = (fileName: string) => ATTACHMENT_ACCEPT.split(',').some((ext) => fileName.toLowerCase().endsWith(ext));

const text = (max: number, required: string) => z.string({ error: required }).check(z.trim(), z.minLength(1, required), z.maxLength(max, `Högst ${max} tecken`));

/** **Skicka**: a message, in one of the case's conversations, with files uploaded before. */
export const newMessageSchema = z.strictObject({
  channel: z.enum(CHANNELS, { error: 'Välj var meddelandet ska skickas' }),
  text: text(MAX_MESSAGE_CHARS, 'Skriv ett meddelande'),
  /** The message answered, if any (SDK's reference). */
  inReplyTo: z.optional(z.string().check(z.maxLength(40))),
  attachmentIds: z._default(z.array(z.string().check(z.maxLength(40))).check(z.maxLength(MAX_ATTACHMENTS_PER_MESSAGE, `Högst ${MAX_ATTACHMENTS_PER_MESSAGE} filer per meddelande`)), []),
});
export type NewMessage = z.infer<typeof newMessageSchema>;

/** **Bifoga fil**: what the browser says of the file before it uploads it straight to storage. */
export const newAttachmentSchema = z.strictObject({
  fileName: text(200, 'Filen saknar namn'),
  size: z.number({ error: 'Ange filens storlek' }).check(
    z.int(),
    z.minimum(1, 'Filen är tom'),
    z.maximum(MAX_ATTACHMENT_BYTES, `Filen är för stor: högst ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`),
  ),
  contentType: z.string().check(z.maxLength(200)),
});
export type NewAttachment = z.infer<typeof newAttachmentSchema>;

/** Where the browser puts the file: a short-lived, signed request straight to object storage. */
export const uploadTicketSchema = z.object({
  attachmentId: z.string(),
  upload: z.object({ method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()) }),
  expiresAt: z.string(),
});
export type UploadTicket = z.infer<typeof uploadTicketSchema>;

export const attachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  size: z.number(),
  typeLabel: z.string(),
  /** Who downloaded it, when (shown to whoever attached it). */
  downloadedBy: z.optional(z.array(z.object({ who: z.string(), at: z.string() }))),
});
export type AttachmentInfo = z.infer<typeof attachmentSchema>;

/** The file checked and kept: ready to go with a message (its name is the one the browser gave). */
export const attachmentReadySchema = z.object({ attachment: z.object({ id: z.string(), size: z.number(), typeLabel: z.string() }) });
export type AttachmentReady = z.infer<typeof attachmentReadySchema>;

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  channel: z.enum(CHANNELS),
  inReplyTo: z.optional(z.string()),
  sentAt: z.string(),
  sender: z.object({ name: z.string(), function: z.string() }),
  /** Whether this person wrote it. */
  own: z.boolean(),
  text: z.string(),
  attachments: z.array(attachmentSchema),
  /** Who has read it, when — on one's own messages ("Läst av Anna Berg, Katrineholm"). */
  readBy: z.optional(z.array(z.object({ who: z.string(), at: z.string() }))),
  /** Whether this person had not read it before this answer. */
  unread: z.boolean(),
});
export type MessageView = z.infer<typeof messageSchema>;

export const threadSchema = z.object({
  reference: z.string(),
  /** The conversations this person sees (the orderer: only the one with the home municipality). */
  channels: z.array(z.enum(CHANNELS)),
  messages: z.array(messageSchema),
});
export type Thread = z.infer<typeof threadSchema>;

export const messageSentSchema = z.object({ done: z.string(), thread: threadSchema });

/** What was done, in a sentence. */
export const doneSchema = z.object({ done: z.string() });

/* ---------- the orderer's access: a one-time code to the address the order came from ---------- */

export const ORDERER_CODE_LENGTH = 8;

/** **Engångskod** and **Öppna ärendet**. */
export const ordererCodeSchema = z.strictObject({
  code: z.string({ error: 'Ange engångskoden' }).check(
    z.trim(),
    z.minLength(1, 'Ange engångskoden'),
    z.regex(new RegExp(`^[0-9]{${ORDERER_CODE_LENGTH}}$`), `Engångskoden är ${ORDERER_CODE_LENGTH} siffror`),
  ),
});

/** The code was sent: to which address, shown in part. */
export const ordererCodeSentSchema = z.object({ sentTo: z.string(), expiresInMinutes: z.number() });

/** The orderer's case: its status, each insats's provider confirmation, and who handles it — no more. */
export const ordererCaseSchema = z.object({
  reference: z.string(),
  csrfToken: z.string(),
  receivedAt: z.string(),
  status: z.string(),
  stay: z.object({ from: z.string(), to: z.string() }),
  /** The stay ended: its last day. */
  ended: z.optional(z.object({ endedOn: z.string(), cancelled: z.boolean() })),
  /** Whether the orderer may **Avbryt beställningen** now. */
  canCancel: z.boolean(),
  /** Whether the orderer may report **Vistelsen har avslutats** now. */
  canReportStayEnd: z.boolean(),
  handler: z.object({ name: z.string(), function: z.string(), email: z.string() }),
  assignments: z.array(
    z.object({
      label: z.string(),
      providerName: z.optional(z.string()),
      statusLabel: z.string(),
      confirmation: z.optional(z.object({ startDate: z.string(), contactName: z.string(), contactPhone: z.string() })),
    }),
  ),
  /** The order's version, named by **Ändra beställningen**. */
  orderVersion: z.number(),
  /** Whether the orderer may **Ändra beställningen** now, and whether the first day may still move. */
  canChange: z.boolean(),
  changeRules: z.object({ fromLocked: z.boolean() }),
  /**
   * The insatser as ordered now, without their descriptions (we never send the person's data back):
   * a change keeps a row's description (`keepDescriptionOf`) unless a new one is written.
   */
  insatser: z.array(
    z.object({
      type: z.string(),
      label: z.string(),
      scope: z.object({ amount: z.number(), unit: z.string(), label: z.string() }),
      rate: z.object({ amountSek: z.number(), per: z.string(), label: z.string() }),
    }),
  ),
  /** **Ändringar**: who changed the order, when, and what (no free text). */
  changes: z.array(z.object({ version: z.number(), at: z.string(), by: z.string(), lines: z.array(z.string()) })),
});
export type OrdererCase = z.infer<typeof ordererCaseSchema>;

/** Masks an address for display: `anna.berglund@katrineholm.example` → `a••••••••••••@katrineholm.example`. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(local.length - 1, 3))}@${domain}`;
}

/** What the orderer's **Vistelsen har avslutats** and **Avbryt beställningen** answer: what was done, and the case as it is now. */
export const ordererActionSchema = z.object({ done: z.string(), case: ordererCaseSchema });
