import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { ATTACHMENT_ACCEPT, ATTACHMENT_TYPES_TEXT, CHANNEL_LABELS, MAX_ATTACHMENT_BYTES, newMessageSchema, type Channel, type MessageView, type Thread } from '../../../shared/messages';
import { toFieldIssues, type FieldIssue } from '../../../shared/order';
import { PortalError } from '../portal/api';
import { FormErrors } from '../portal/forms';
import { formatDateTime } from '../portal/labels';
import { fileProblem, sendMessage, uploadAttachment, uploadErrorMessage, type AttachmentClient, type Uploaded } from './upload';

/**
 * The case's secure messages, for staff in the portal and for the orderer alike: the thread (the
 * conversation with the home municipality and, for staff and providers, the internal notes) and
 * the composer — **Meddelande**, **Bifoga fil**, **Skicka**; staff choose between the conversation
 * and an **Intern anteckning**. Files go straight to storage and are checked before they can be sent.
 */
export interface MessagesClient extends AttachmentClient {
  get<T>(path: string): Promise<T>;
}

/** The id of the composer's **Bifoga fil** (its form's id and the field's path), for links to it from elsewhere on the page. */
export const COMPOSER_FILE_FIELD_ID = 'message-file';

const sizeText = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`);

/** `refresh`: a number raised when a message was sent from elsewhere on the page; the thread is fetched again (the composer keeps what is written). */
export function Messages({ reference, client, refresh = 0 }: { reference: string; client: MessagesClient; refresh?: number }) {
  const [thread, setThread] = useState<Thread>();
  const [failure, setFailure] = useState<string>();
  const base = `/cases/${encodeURIComponent(reference)}`;

  useEffect(() => {
    client.get<Thread>(`${base}/messages`).then(
      (t) => {
        setThread(t);
        setFailure(undefined);
      },
      (e: Error) => setFailure(e.message),
    );
  }, [base, client, refresh]);

  return (
    <section aria-labelledby="messages-title" className="messages">
      <h2 id="messages-title">Meddelanden</h2>
      {failure && <p className="error-message">Meddelandena kunde inte hämtas: {failure}</p>}
      {!thread && !failure && (
        <p role="status" className="loading">
          Hämtar meddelanden …
        </p>
      )}
      {thread && (
        <>
          {thread.channels.length > 1 ? (
            <p>Meddelanden med hemkommunen läser beställaren, handläggaren och utförarna. En intern anteckning läser bara vi och utförarna – aldrig beställaren.</p>
          ) : (
            <p>Här skriver du med handläggaren och utförarna. Skriv aldrig personuppgifter i vanlig e-post; skriv här.</p>
          )}
          {thread.messages.length === 0 ? (
            <p>Inga meddelanden ännu.</p>
          ) : (
            <ol className="message-list">
              {thread.messages.map((m) => (
                <MessageItem key={m.id} message={m} base={base} showChannel={thread.channels.length > 1} />
              ))}
            </ol>
          )}
          <Composer base={base} channels={thread.channels} client={client} onSent={setThread} />
        </>
      )}
    </section>
  );
}

function MessageItem({ message, base, showChannel }: { message: MessageView; base: string; showChannel: boolean }) {
  return (
    <li className={`message${message.channel === 'internal' ? ' message--internal' : ''}`}>
      <article aria-labelledby={`message-${message.id}`}>
        <h3 className="message__from" id={`message-${message.id}`}>
          {message.own ? 'Du' : message.sender.name}
          <span className="message__function">, {message.sender.function}</span>
        </h3>
        <p className="message__meta">
          <time dateTime={message.sentAt}>{formatDateTime(message.sentAt)}</time>
          {showChannel && <span className="tag">{message.channel === 'internal' ? 'Intern anteckning' : 'Med hemkommunen'}</span>}
          {message.unread && <span className="tag tag--new">Oläst</span>}
        </p>
        <p className="message__text">{message.text}</p>
        {message.attachments.length > 0 && (
          <ul className="attachment-list" aria-label="Bifogade filer">
            {message.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/api${base}/attachments/${a.id}`} download>
                  {a.fileName}
                </a>{' '}
                <span className="caption">
                  ({a.typeLabel}, {sizeText(a.size)})
                </span>
                {a.downloadedBy && <Receipts verb="Hämtad" receipts={a.downloadedBy} none="Inte hämtad ännu" />}
              </li>
            ))}
          </ul>
        )}
        {message.readBy && <Receipts verb="Läst" receipts={message.readBy} none="Inte läst ännu" />}
      </article>
    </li>
  );
}

function Receipts({ verb, receipts, none }: { verb: string; receipts: { who: string; at: string }[]; none: string }) {
  if (receipts.length === 0) return <p className="caption">{none}</p>;
  return (
    <ul className="caption plain-list">
      {receipts.map((r, i) => (
        <li key={i}>
          {verb} av {r.who}, {formatDateTime(r.at)}
        </li>
      ))}
    </ul>
  );
}

function Composer({ base, channels, client, onSent }: { base: string; channels: Channel[]; client: MessagesClient; onSent: (thread: Thread) => void }) {
  const formId = 'message'; // its **Bifoga fil** is COMPOSER_FILE_FIELD_ID
  const [channel, setChannel] = useState<Channel>('conversation');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState<string[]>([]);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string>();
  const idempotencyKey = useRef(crypto.randomUUID());
  const fileInput = useRef<HTMLInputElement>(null);

  const fail = useCallback((next: FieldIssue[], message?: string) => {
    setIssues(next);
    setFailure(message);
    setAttempt((a) => a + 1);
  }, []);

  /** **Bifoga fil**: each file checked here (name, size), put straight into storage, then checked by content there. */
  const attach = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setSent(undefined);
    const problems: FieldIssue[] = [];
    for (const file of Array.from(list)) {
      const problem = fileProblem(file);
      if (problem) {
        problems.push({ path: 'file', message: `${file.name}: ${problem}` });
        continue;
      }
      setUploading((u) => [...u, file.name]);
      try {
        const uploaded = await uploadAttachment(client, base, file);
        setFiles((f) => [...f, uploaded]);
      } catch (error) {
        problems.push({ path: 'file', message: `${file.name}: ${uploadErrorMessage(error)}` });
      } finally {
        setUploading((u) => u.filter((n) => n !== file.name));
      }
    }
    if (fileInput.current) fileInput.current.value = '';
    if (problems.length > 0) fail(problems);
    else setIssues([]);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(undefined);
    const body = { channel, text, attachmentIds: files.map((f) => f.id) };
    const parsed = z.safeParse(newMessageSchema, body);
    if (!parsed.success) return fail(toFieldIssues(parsed.error));
    setBusy(true);
    try {
      const result = await sendMessage(client, base, parsed.data, idempotencyKey.current);
      idempotencyKey.current = crypto.randomUUID();
      setText('');
      setFiles([]);
      setIssues([]);
      setFailure(undefined);
      setSent(result.done);
      onSent(result.thread);
    } catch (error) {
      if (error instanceof PortalError && error.issues.length > 0) fail(error.issues.map((i) => ({ ...i, path: i.path.startsWith('attachmentIds') ? 'file' : i.path })));
      else fail([], (error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (path: string) => issues.filter((i) => i.path === path).map((i) => i.message);
  const textErrors = errorOf('text');
  const fileErrors = errorOf('file');
  const form = { issues: dedupe(issues), failure, attempt, formId };

  return (
    <form className="composer" onSubmit={submit} noValidate aria-labelledby="composer-title">
      <h3 id="composer-title">Skriv ett meddelande</h3>
      <FormErrors form={form} />
      {sent && (
        <p className="notice notice--success" role="status">
          {sent}
        </p>
      )}
      {channels.length > 1 && (
        <fieldset className="form-group">
          <legend className="label">Vem ska läsa det?</legend>
          {channels.map((c, i) => (
            <div className="radio" key={c}>
              {/* The first option carries the field's id: the error summary's link lands on it. */}
              <input type="radio" id={i === 0 ? `${formId}-channel` : `${formId}-channel-${c}`} name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />
              <label htmlFor={i === 0 ? `${formId}-channel` : `${formId}-channel-${c}`}>
                {CHANNEL_LABELS[c]}
                <span className="hint"> – {c === 'internal' ? 'bara vi och utförarna, aldrig beställaren' : 'beställaren, handläggaren och utförarna'}</span>
              </label>
            </div>
          ))}
        </fieldset>
      )}
      <div className={`form-group${textErrors.length ? ' form-group--error' : ''}`}>
        <label className="label" htmlFor={`${formId}-text`}>
          Meddelande
        </label>
        {textErrors.map((m) => (
          <p className="error-message" id={`${formId}-text-error`} key={m}>
            <span className="visually-hidden">Fel: </span>
            {m}
          </p>
        ))}
        <textarea
          className={`textarea${textErrors.length ? ' input--error' : ''}`}
          id={`${formId}-text`}
          rows={5}
          value={text}
          aria-invalid={textErrors.length ? true : undefined}
          aria-describedby={textErrors.length ? `${formId}-text-error` : undefined}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className={`form-group${fileErrors.length ? ' form-group--error' : ''}`}>
        <label className="label" htmlFor={`${formId}-file`}>
          Bifoga fil
        </label>
        <div className="hint" id={`${formId}-file-hint`}>
          {ATTACHMENT_TYPES_TEXT}, högst {MAX_ATTACHMENT_BYTES / 1024 / 1024} MB per fil. Filen kontrolleras innan den kan skickas.
        </div>
        {fileErrors.map((m) => (
          <p className="error-message" key={m}>
            <span className="visually-hidden">Fel: </span>
            {m}
          </p>
        ))}
        <input
          ref={fileInput}
          className="file-input"
          type="file"
          id={`${formId}-file`}
          accept={ATTACHMENT_ACCEPT}
          multiple
          aria-describedby={`${formId}-file-hint`}
          aria-invalid={fileErrors.length ? true : undefined}
          onChange={(e) => void attach(e.target.files)}
        />
        {uploading.length > 0 && (
          <p role="status" className="loading">
            Laddar upp och kontrollerar {uploading.join(', ')} …
          </p>
        )}
        {files.length > 0 && (
          <ul className="attachment-list" aria-label="Filer som skickas med">
            {files.map((attachment) => (
              <li key={attachment.id}>
                {attachment.fileName} <span className="caption">({attachment.typeLabel}, {sizeText(attachment.size)})</span>{' '}
                <button type="button" className="button button--secondary button--small" onClick={() => setFiles((f) => f.filter((x) => x.id !== attachment.id))}>
                  Ta bort<span className="visually-hidden"> {attachment.fileName}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="submit" className="button" disabled={busy || uploading.length > 0}>
        Skicka
      </button>
    </form>
  );
}

/** One entry per field in the summary (several files may fail at once; each keeps its own line at the field). */
function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.path) ? false : (seen.add(i.path), true)));
}
