import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Annotations, App, CrossStackReferences, ReferenceStrength, Tags } from 'aws-cdk-lib';
import { EdgeStack } from './edge';
import { DEFAULT_MUNICIPALITY_CONFIG, EDGE_REGION, MAIN_REGION, PROJECT_ROOT, readSettings, type Settings } from './settings';
import { VistelseStack } from './stack';

export const MAIN_STACK_NAME = 'Vistelse';
export const EDGE_STACK_NAME = 'VistelseEdge';

export interface BuildAppOptions {
  /** Context values, as `-c key=value` would give them (they win over `cdk.json`). */
  context?: Record<string, unknown>;
  /** Where to write the cloud assembly (default: a temporary folder, or the CLI's `cdk.out`). */
  outdir?: string;
}

export interface VistelseApp {
  app: App;
  settings: Settings;
  /** us-east-1: the CloudFront-scoped WAF web ACL. */
  edge: EdgeStack;
  /** eu-north-1: everything else. */
  main: VistelseStack;
}

/** The `context` of `cdk.json` (feature flags), so tests build the app exactly as the CLI does. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/**
 * Builds the CDK app: validates the settings and the municipality configuration (a bad one
 * throws before anything is bundled), then the two stacks.
 *
 * The WAF web ACL must be in us-east-1, the rest in eu-north-1. The main stack reads the ACL's
 * ARN through a cross-region reference of strength WEAK, which CloudFormation resolves with
 * `Fn::GetStackOutput` at deploy time: it synthesizes offline (no lookups, unlike an SSM
 * `valueFromLookup`), needs no custom-resource Lambdas (unlike the STRONG ExportWriter/Reader),
 * and needs no manual copying of ARNs between deploys. Its weakness — the edge stack could be
 * deleted under the main one — is covered by WAF itself, which refuses to delete a web ACL still
 * associated with a distribution. Cross-region references need both stacks bound to an
 * account: see `PLACEHOLDER_ACCOUNT`.
 */
export function buildApp(options: BuildAppOptions = {}): VistelseApp {
  const app = new App({ context: { ...cdkJsonContext(), ...options.context }, outdir: options.outdir });
  const settings = readSettings(app.node);
  // Explicit here, not only through cdk.json's `@aws-cdk/core:defaultCrossStackReferences`.
  CrossStackReferences.of(app).consume(ReferenceStrength.WEAK);

  const edge = new EdgeStack(app, EDGE_STACK_NAME, {
    env: { account: settings.account, region: EDGE_REGION },
    crossRegionReferences: true,
    description: 'Vistelse: CloudFront-scoped WAF (must be in us-east-1)',
    apiRateLimit: settings.apiRateLimit,
  });
  CrossStackReferences.of(edge.webAcl).produce(ReferenceStrength.WEAK);

  const main = new VistelseStack(app, MAIN_STACK_NAME, {
    env: { account: settings.account, region: MAIN_REGION },
    crossRegionReferences: true,
    description: 'Vistelse: orders for home care during a temporary stay (personal data, eu-north-1)',
    settings,
    webAclArn: edge.webAcl.attrArn,
  });
  main.addStackDependency(edge, 'the distribution uses the WAF web ACL');

  if (settings.municipalityConfigPath !== path.resolve(PROJECT_ROOT, DEFAULT_MUNICIPALITY_CONFIG)) {
    // functions/config.ts imports the demo file at bundle time; another file is only validated here.
    Annotations.of(main).addWarningV2(
      'vistelse:municipalityConfigNotBundled',
      `${settings.municipalityConfigPath} was validated, but the functions bundle ${DEFAULT_MUNICIPALITY_CONFIG} (functions/config.ts imports it)`,
    );
  }

  Tags.of(app).add('project', 'vistelse');
  Tags.of(main).add('data-classification', 'personal-data');
  return { app, settings, edge, main };
}
