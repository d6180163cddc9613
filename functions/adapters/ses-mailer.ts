import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../core/outbox/ports';

/** Sends through SES v2 (the local SES server locally): UTF-8 plain text and HTML. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(mail: OutgoingMail): Promise<string> {
    const out = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [mail.to] },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
          },
        },
        ConfigurationSetName: this.configurationSet,
        EmailTags: Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value: sesTagValue(Value) })),
      }),
    );
    return out.MessageId ?? '';
  }
}

/** SES takes tag values of ASCII letters, digits, `_` and `-` only, at most 256: anything else becomes `_` (a job's correlation id has `@`, `:` and `.`). */
export function sesTagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
}
