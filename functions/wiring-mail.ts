import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from './adapters/ses-mailer';
import { env } from './env';
import { traced } from './observability/telemetry';

/**
 * The mailer, for the functions that send mail (the outbox's senders) and only those: see
 * `wiring.ts` for why it is a module of its own.
 */
let mailer: SesMailer | undefined;
export function sesMailer(): SesMailer {
  const { AWS_REGION, SES_ENDPOINT, MAIL_FROM, SES_CONFIGURATION_SET } = env();
  mailer ??= new SesMailer(
    traced(new SESv2Client({ region: AWS_REGION, ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT } : {}) })),
    MAIL_FROM,
    SES_CONFIGURATION_SET,
  );
  return mailer;
}
