import * as z from 'zod/mini';
import {
  ATTACHMENT_TYPES_TEXT,
  hasAllowedExtension,
  newAttachmentSchema,
  type AttachmentReady,
  type NewMessage,
  type Thread,
  type UploadTicket,
} from '../../../shared/messages';
import { toFieldIssues } from '../../../shared/order';
import { PortalError } from '../portal/api';

/**
 * Files for the case's secure messages, the steps **Bifoga fil** takes, shared by the message
 * composer and the forms that send a file with a message of their own (the provider's time report
 * with the home municipality's template): a first check here (name, size), a ticket for the
 * upload, the file put straight into storage, then checked there by its content — only then may a
 * message carry it. `base` is the case's path, `/cases/<reference>`.
 */
export interface AttachmentClient {
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

/** A file checked and ready to go: its name is the one it had here. */
export interface Uploaded {
  id: string;
  fileName: string;
  size: number;
  typeLabel: string;
}

const describe = (file: File) => ({ fileName: file.name, size: file.size, contentType: file.type || 'application/octet-stream' });

/** Why the file can't be attached, as far as its name and size tell (the content is checked after the upload); `undefined` when it may be tried. */
export function fileProblem(file: File): string | undefined {
  const parsed = z.safeParse(newAttachmentSchema, describe(file));
  if (!parsed.success) return toFieldIssues(parsed.error)[0]?.message ?? 'Filen kan inte bifogas';
  if (!hasAllowedExtension(file.name)) return `Den filtypen går inte att bifoga. Bifoga ${ATTACHMENT_TYPES_TEXT}.`;
  return undefined;
}

/** The reason in an error of the steps below, in words for the person (a 400's first issue, e.g. a file whose content is not allowed). */
export function uploadErrorMessage(error: unknown): string {
  if (error instanceof PortalError && error.issues.length > 0) return error.issues[0].message;
  return error instanceof Error ? error.message : 'Något gick fel.';
}

/** Uploads the file and has it checked: `POST …/attachments`, `PUT` to the signed URL, `POST …/attachments/{id}/check`. Throws with the reason when it can't be attached. */
export async function uploadAttachment(client: AttachmentClient, base: string, file: File): Promise<Uploaded> {
  const problem = fileProblem(file);
  if (problem) throw new Error(problem);
  const ticket = await client.post<UploadTicket>(`${base}/attachments`, describe(file));
  const put = await fetch(ticket.upload.url, { method: 'PUT', headers: ticket.upload.headers, body: file });
  if (!put.ok) throw new Error('Filen kunde inte laddas upp. Försök igen.');
  const { attachment } = await client.post<AttachmentReady>(`${base}/attachments/${ticket.attachmentId}/check`);
  return { ...attachment, fileName: file.name };
}

/** **Skicka**: a message with files uploaded before; sent again with the same key, it is not sent twice. */
export function sendMessage(client: AttachmentClient, base: string, message: NewMessage, idempotencyKey: string) {
  return client.post<{ done: string; thread: Thread }>(`${base}/messages`, message, { 'idempotency-key': idempotencyKey });
}
