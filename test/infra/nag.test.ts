import { rmSync } from 'node:fs';
import { Stack, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type VistelseApp } from '../../infra/build';
import { fakeWebDist } from './support';

/**
 * cdk-nag's AwsSolutions checks on both stacks: no finding may be left unexplained. Every
 * exception is acknowledged in the infra code, next to its resource and with its reason
 * (`infra/nag.ts`); this test only reads them.
 *
 * cdk-nag 3 is a policy-validation plugin, not an Aspect: it adds no annotations, so
 * `Annotations.fromStack(…).findError('*', …)` would find nothing and pass whatever the stacks
 * hold. `Validations.of(app).addPlugins(new AwsSolutionsChecks(app))` runs it during synthesis
 * and throws on errors only (warnings just print), so the test synthesizes the app and then
 * runs the pack over the finished construct tree with `validateScope` (cdk-nag's entry point
 * for tests), which returns errors and warnings alike.
 *
 * Bundling is skipped (`aws:cdk:bundling-stacks: []`): the checks read resource properties, and
 * stack.test.ts checks the bundles.
 */
const webDist = fakeWebDist();
const outdirs: string[] = [];
afterAll(() => {
  rmSync(webDist, { recursive: true, force: true });
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

interface Finding {
  rule: string;
  severity: string;
  path: string;
  description: string;
}

function synthesized(context: Record<string, unknown> = {}) {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [], webDist, ...context } });
  outdirs.push(built.app.synth().directory);
  return built;
}

/** What the AwsSolutions pack reports for the whole app (both stacks); `raw` ignores acknowledgments. */
function nagFindings(root: IConstruct, { raw = false } = {}): Finding[] {
  const pack = new AwsSolutionsChecks(undefined, { verbose: true });
  if (raw) {
    // cdk-nag has no switch for this; its private check is replaced for this one instance.
    const internals = pack as unknown as { isAcknowledged?: unknown };
    if (typeof internals.isAcknowledged !== 'function') throw new Error('cdk-nag changed: NagPack.isAcknowledged is gone; update nagFindings');
    internals.isAcknowledged = () => false;
  }
  return pack.validateScope(root).violations.flatMap((v) =>
    v.violatingResources.map((r) => ({ rule: v.ruleName, severity: String(v.severity), path: String(r.constructPath), description: v.description })),
  );
}

const readable = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.rule} at ${f.path}\n      ${f.description}`);

/** Every acknowledgment in the tree: where it was made, the rule id and the reason. */
function acknowledgments(root: IConstruct) {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && m.data)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ construct: c, id: id.replace(/^annotation::/i, ''), reason })),
      ),
  );
}

describe('cdk-nag AwsSolutions checks', () => {
  let built: VistelseApp;
  beforeAll(() => {
    built = synthesized();
  });

  it('leave no unacknowledged error or warning in either stack', () => {
    const findings = nagFindings(built.app);
    expect(readable(findings), `Fix these in infra/ or acknowledge them there with a reason (infra/nag.ts):\n${readable(findings).join('\n')}`).toEqual([]);
  });

  it('acknowledge nothing that is not found: each acknowledgment matches a finding on its construct or below', () => {
    const raw = nagFindings(built.app, { raw: true });
    expect(raw.length, 'the pack finds things when acknowledgments are ignored (the check is not vacuous)').toBeGreaterThan(0);
    const all = acknowledgments(built.app);
    expect(all.length).toBeGreaterThan(0);
    const stale = all.filter(
      ({ construct, id }) => !raw.some((f) => f.rule === id && (f.path === construct.node.path || f.path.startsWith(`${construct.node.path}/`))),
    );
    expect(stale.map(({ construct, id }) => `${id} at ${construct.node.path}`)).toEqual([]);
  });

  it('scope each acknowledgment below a stack, with a reason of its own', () => {
    for (const { construct, id, reason } of acknowledgments(built.app)) {
      const where = `${id} at ${construct.node.path}`;
      expect(Stack.isStack(construct) || Stage.isStage(construct), `${where} is stack-wide`).toBe(false);
      expect(reason.length, `${where} needs a real reason`).toBeGreaterThan(40);
    }
  });

  it('also pass with a custom domain, where the distribution requires TLS 1.2 and needs no CFR4 acknowledgment', () => {
    const withDomain = synthesized({
      domainName: 'vistelse.sundbyberg.example',
      certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
    });
    const findings = nagFindings(withDomain.app);
    expect(readable(findings), readable(findings).join('\n')).toEqual([]);
    expect(nagFindings(withDomain.app, { raw: true }).map((f) => f.rule)).not.toContain('AwsSolutions-CFR4');
    expect(acknowledgments(withDomain.app).map((a) => a.id)).not.toContain('AwsSolutions-CFR4');
  });
});
