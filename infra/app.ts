/**
 * The CDK app (`cdk.json`: `npx tsx infra/app.ts`). Context values (`-c key=value`):
 *
 * - `account`             account of both stacks (default `CDK_DEFAULT_ACCOUNT`, else the
 *                         placeholder 111111111111, which synthesizes but cannot deploy)
 * - `municipalityConfig`  configuration file, validated here (default config/municipality.demo.json)
 * - `mailFrom`            sender address (default the configuration's `municipality.senderAddress`)
 * - `mailDomain`          SES domain identity (default the sender's domain)
 * - `apiRateLimit`        WAF: requests to /api/ per IP per 5 minutes (default 300)
 * - `domainName` + `certificateArn`  custom domain with its us-east-1 ACM certificate (optional;
 *                         only then can CloudFront enforce TLS 1.2 towards viewers)
 * - `publicBaseUrl`       base URL of links in e-mails (default the web app's URL)
 * - `webDist`             built web app (default web/dist; run `npm run build:web` first)
 * - `logRetentionDays`    days logs are kept (default 90)
 */
import { buildApp } from './build';
import { InvalidSettingsError, MissingWebBuildError } from './settings';

try {
  buildApp().app.synth();
} catch (error) {
  if (error instanceof InvalidSettingsError || error instanceof MissingWebBuildError) {
    // A configuration mistake, not a bug: the message (naming the bad entry) is all that helps.
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
