import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { API_RATE_LIMIT_DEFAULT } from '../functions/http/limits';
import { parseMunicipalityConfig, type MunicipalityConfig } from '../shared/municipality';

/** The project root (this file lives in `infra/`): entries and `web/dist` are resolved from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Personal data stays in Stockholm. */
export const MAIN_REGION = 'eu-north-1';
/** CloudFront-scoped WAF web ACLs (and certificates for CloudFront) must live in us-east-1. */
export const EDGE_REGION = 'us-east-1';
/**
 * Cross-region references need both stacks bound to an account. Without `-c account=…` or
 * credentials (which set `CDK_DEFAULT_ACCOUNT`), this placeholder keeps `cdk synth` working
 * offline; a deploy with it fails at once because it is not the caller's account.
 */
export const PLACEHOLDER_ACCOUNT = '111111111111';

export const DEFAULT_MUNICIPALITY_CONFIG = 'config/municipality.demo.json';

/**
 * Everything the app reads from CDK context (`-c key=value` or `cdk.json` `context`), parsed and
 * checked once. Values from the command line arrive as strings, hence the conversions.
 */
export interface Settings {
  account: string;
  /** Absolute path of the municipality configuration that was validated. */
  municipalityConfigPath: string;
  municipalityConfig: MunicipalityConfig;
  /** The SES domain identity (`-c mailDomain=…`); defaults to the domain of `mailFrom`. */
  mailDomain: string;
  /** The sender address (`-c mailFrom=…`); defaults to the configuration's `municipality.senderAddress`. */
  mailFrom: string;
  /**
   * Rate limit per client IP per 5 minutes (`-c apiRateLimit=…`, default 300): the WAF rule's on
   * `/api/`, and the functions' own per route (`API_RATE_LIMIT`, see `infra/api.ts`).
   */
  apiRateLimit: number;
  /** Absolute path of the built web app (`-c webDist=…`, default `web/dist`). */
  webDistPath: string;
  /** Optional custom domain for the distribution: both or neither (`-c domainName=… -c certificateArn=…`). */
  domainName?: string;
  /** ACM certificate for `domainName`, in us-east-1 (CloudFront's requirement). */
  certificateArn?: string;
  /** The base URL links in e-mails point to (`-c publicBaseUrl=…`); default the custom domain or the distribution's domain. */
  publicBaseUrl?: string;
  /** Days the functions' and the API's logs are kept (`-c logRetentionDays=…`, default 90). */
  logRetentionDays: RetentionDays;
  /**
   * The municipality's own identity provider, federated into the staff login by SAML 2.0
   * (`-c staffSamlMetadataUrl=https://… [-c staffSamlProviderName=…]`, default name `Kommunen`).
   */
  staffFederation?: { providerName: string; samlMetadataUrl: string };
  /** Where the alarms' SNS topic mails (`-c alarmEmail=…`, e.g. the operations team's mailbox); none: subscribe to the topic yourself. */
  alarmEmail?: string;
}

export class InvalidSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSettingsError';
  }
}

export class MissingWebBuildError extends Error {
  constructor(dir: string) {
    super(`The web app is not built: ${dir}/index.html is missing. Run \`npm run build:web\` before \`cdk synth\`.`);
    this.name = 'MissingWebBuildError';
  }
}

function optionalString(node: Node, key: string): string | undefined {
  const value = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new InvalidSettingsError(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function positiveInt(node: Node, key: string, fallback: number, min: number, max: number): number {
  const value = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidSettingsError(`Context "${key}" must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** The `apiRateLimit` context value, checked (10 is the WAF's smallest rate limit). */
export function apiRateLimitSetting(node: Node): number {
  return positiveInt(node, 'apiRateLimit', API_RATE_LIMIT_DEFAULT, 10, 2_000_000_000);
}

/**
 * Reads and validates the municipality configuration: a bad file stops the synth with the path
 * of every bad entry (`parseMunicipalityConfig` names them), prefixed with the file it read.
 */
export function loadMunicipalityConfig(file: string): MunicipalityConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidSettingsError(`Cannot read the municipality configuration ${file}: ${(error as Error).message}`);
  }
  try {
    return parseMunicipalityConfig(raw);
  } catch (error) {
    throw new InvalidSettingsError(`${file}: ${(error as Error).message}`);
  }
}

function retentionDays(node: Node): RetentionDays {
  const days = positiveInt(node, 'logRetentionDays', RetentionDays.THREE_MONTHS, 1, 3653);
  const allowed = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);
  if (!allowed.includes(days)) {
    throw new InvalidSettingsError(`Context "logRetentionDays" must be one of CloudWatch's values (${allowed.join(', ')}), got ${days}`);
  }
  return days as RetentionDays;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export function readSettings(node: Node): Settings {
  const account = optionalString(node, 'account') ?? process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT;
  if (!/^\d{12}$/.test(account)) throw new InvalidSettingsError(`Context "account" must be 12 digits, got "${account}"`);

  const municipalityConfigPath = path.resolve(PROJECT_ROOT, optionalString(node, 'municipalityConfig') ?? DEFAULT_MUNICIPALITY_CONFIG);
  const municipalityConfig = loadMunicipalityConfig(municipalityConfigPath);

  const mailFrom = optionalString(node, 'mailFrom') ?? municipalityConfig.municipality.senderAddress;
  const fromDomain = mailFrom.split('@')[1]?.toLowerCase();
  if (!fromDomain || !DOMAIN.test(fromDomain)) throw new InvalidSettingsError(`"mailFrom" is not an e-mail address: "${mailFrom}"`);
  const mailDomain = (optionalString(node, 'mailDomain') ?? fromDomain).toLowerCase();
  if (!DOMAIN.test(mailDomain)) throw new InvalidSettingsError(`Context "mailDomain" is not a domain name: "${mailDomain}"`);
  // SES only sends from addresses under a verified identity (a verified domain covers its subdomains).
  if (fromDomain !== mailDomain && !fromDomain.endsWith(`.${mailDomain}`)) {
    throw new InvalidSettingsError(`The sender ${mailFrom} is not under the SES identity ${mailDomain}: set -c mailDomain or -c mailFrom`);
  }

  // Checked here, before anything is bundled.
  const webDistPath = path.resolve(PROJECT_ROOT, optionalString(node, 'webDist') ?? 'web/dist');
  if (!existsSync(path.join(webDistPath, 'index.html'))) throw new MissingWebBuildError(webDistPath);

  const domainName = optionalString(node, 'domainName');
  const certificateArn = optionalString(node, 'certificateArn');
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    throw new InvalidSettingsError('Context "domainName" and "certificateArn" go together: give both or neither');
  }
  if (certificateArn && !certificateArn.startsWith(`arn:aws:acm:${EDGE_REGION}:`)) {
    throw new InvalidSettingsError(`Context "certificateArn" must be an ACM certificate in ${EDGE_REGION} (CloudFront's requirement)`);
  }

  const publicBaseUrl = optionalString(node, 'publicBaseUrl');
  if (publicBaseUrl && !/^https:\/\/[^/]+/.test(publicBaseUrl)) {
    throw new InvalidSettingsError(`Context "publicBaseUrl" must be an https URL, got "${publicBaseUrl}"`);
  }

  const samlMetadataUrl = optionalString(node, 'staffSamlMetadataUrl');
  const providerName = optionalString(node, 'staffSamlProviderName') ?? 'Kommunen';
  if (samlMetadataUrl && !/^https:\/\/[^/]+/.test(samlMetadataUrl)) {
    throw new InvalidSettingsError(`Context "staffSamlMetadataUrl" must be an https URL, got "${samlMetadataUrl}"`);
  }
  // Cognito's rule for a provider's name: 1–32 characters, no leading or trailing space, no "_"-start.
  if (!/^[A-Za-z0-9][A-Za-z0-9 .-]{0,30}[A-Za-z0-9]?$/.test(providerName) || providerName.endsWith(' ')) {
    throw new InvalidSettingsError(`Context "staffSamlProviderName" must be 1–32 letters, digits, spaces, dots or dashes, got "${providerName}"`);
  }

  const alarmEmail = optionalString(node, 'alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) throw new InvalidSettingsError(`Context "alarmEmail" is not an e-mail address: "${alarmEmail}"`);

  return {
    account,
    municipalityConfigPath,
    municipalityConfig,
    mailDomain,
    mailFrom,
    apiRateLimit: apiRateLimitSetting(node),
    webDistPath,
    domainName,
    certificateArn,
    publicBaseUrl,
    logRetentionDays: retentionDays(node),
    ...(samlMetadataUrl ? { staffFederation: { providerName, samlMetadataUrl } } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}
