export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A plain, accessible HTML e-mail: Swedish language tag, one column, no images or tracking. */
export function mailLayout(title: string, body: string): string {
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1b; max-width: 40em;">
<h1 style="font-size: 1.4em;">${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

/** A notice: its paragraphs, then each link on a line of its own, then the footer (never personal data). */
export function renderNotice(subject: string, paragraphs: string[], municipalityName: string, links: { text: string; href: string }[]): RenderedMail {
  const footer = `Med vänlig hälsning\n${municipalityName}\n\nDetta meddelande går inte att svara på. Av säkerhetsskäl innehåller e-post aldrig personuppgifter; logga in för att läsa ärendet.`;
  const text = [...paragraphs, links.map((l) => `${l.text}: ${l.href}`).join('\n'), footer].join('\n\n') + '\n';
  const html = mailLayout(
    subject,
    [
      ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
      links.length === 1
        ? `<p><a href="${escapeHtml(links[0].href)}">${escapeHtml(links[0].text)}</a></p>`
        : `<ul>${links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`).join('')}</ul>`,
      `<p>Med vänlig hälsning<br>${escapeHtml(municipalityName)}</p>`,
      '<p><small>Detta meddelande går inte att svara på. Av säkerhetsskäl innehåller e-post aldrig personuppgifter; logga in för att läsa ärendet.</small></p>',
    ].join('\n'),
  );
  return { subject, text, html };
}

/**
 * A mail to another municipality's official about an outgoing stay (we the home municipality): our
 * reference, what we ask for and whom to answer — no link into our portal (they have no login
 * there), and never personal data.
 */
export function renderLetter(subject: string, paragraphs: string[], municipalityName: string): RenderedMail {
  const footer = `Med vänlig hälsning\n${municipalityName}\n\nAv säkerhetsskäl innehåller e-post aldrig personuppgifter: ange vår referens när ni svarar.`;
  const text = [...paragraphs, footer].join('\n\n') + '\n';
  const html = mailLayout(
    subject,
    [
      ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
      `<p>Med vänlig hälsning<br>${escapeHtml(municipalityName)}</p>`,
      '<p><small>Av säkerhetsskäl innehåller e-post aldrig personuppgifter: ange vår referens när ni svarar.</small></p>',
    ].join('\n'),
  );
  return { subject, text, html };
}

/**
 * A mail of an acute case: **Akut** first in its subject (and its heading), so that it is read
 * first in any mailbox. Applied where a case's mails are queued, to every mail of the case.
 */
export function acuteMail(mail: RenderedMail): RenderedMail {
  if (mail.subject.startsWith(ACUTE_PREFIX)) return mail;
  const escaped = escapeHtml(mail.subject);
  return {
    ...mail,
    subject: `${ACUTE_PREFIX}${mail.subject}`,
    html: mail.html.replace(`<title>${escaped}</title>`, `<title>${escapeHtml(ACUTE_PREFIX)}${escaped}</title>`).replace(`>${escaped}</h1>`, `>${escapeHtml(ACUTE_PREFIX)}${escaped}</h1>`),
  };
}

export const ACUTE_PREFIX = 'Akut: ';
