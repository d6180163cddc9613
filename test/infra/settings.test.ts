import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type VistelseApp } from '../../infra/build';
import { InvalidSettingsError, MissingWebBuildError, PROJECT_ROOT } from '../../infra/settings';
import { badMunicipalityConfig, fakeWebDist, onlyResource, resourcesOf } from './support';

/**
 * Settings from context and the synth-time validation of the municipality configuration. The
 * app is built with bundling skipped (`aws:cdk:bundling-stacks: []`): these tests are about
 * settings, and stack.test.ts checks the bundles.
 */
const webDist = fakeWebDist();
const noBundling = { 'aws:cdk:bundling-stacks': [], webDist };
afterAll(() => rmSync(webDist, { recursive: true, force: true }));

describe('an invalid municipality configuration', () => {
  it('fails the build, naming the file and the path of the bad entry, before anything is bundled', () => {
    const { file, badPath } = badMunicipalityConfig(PROJECT_ROOT);
    let error: unknown;
    try {
      buildApp({ context: { municipalityConfig: file, webDist } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidSettingsError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain(badPath);
    expect(message).toContain('Okänd enhet "finns-inte"');
  });

  it('fails `cdk synth` with exit code 1 and the bad path on stderr', () => {
    const { file, badPath } = badMunicipalityConfig(PROJECT_ROOT);
    const out = mkdtempSync(path.join(tmpdir(), 'vistelse-cdkout-'));
    const result = spawnSync(
      path.join(PROJECT_ROOT, 'node_modules/.bin/cdk'),
      ['synth', '--no-notices', '--no-version-reporting', '-o', out, '-c', `municipalityConfig=${file}`, '-c', `webDist=${webDist}`],
      { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' } },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(badPath);
    expect(result.stderr).toContain('The municipality configuration is invalid');
    expect(result.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
  });

  it('warns when another (valid) file is given, since the functions bundle the demo file', () => {
    const copy = path.join(mkdtempSync(path.join(tmpdir(), 'vistelse-config-')), 'other.json');
    copyFileSync(path.join(PROJECT_ROOT, 'config/municipality.demo.json'), copy);
    const { main } = buildApp({ context: { ...noBundling, municipalityConfig: copy } });
    Annotations.fromStack(main).hasWarning('/Vistelse', Match.stringLikeRegexp('functions bundle config/municipality.demo.json'));
  });

  it('names a missing file', () => {
    expect(() => buildApp({ context: { municipalityConfig: 'config/finns-inte.json', webDist } })).toThrow(
      /Cannot read the municipality configuration .*config\/finns-inte\.json/,
    );
  });
});

describe('other settings', () => {
  it('refuse a sender outside the SES identity', () => {
    expect(() => buildApp({ context: { ...noBundling, mailDomain: 'annan.example' } })).toThrow(/not under the SES identity annan\.example/);
  });

  it('refuse a custom domain without its certificate, and a certificate outside us-east-1', () => {
    expect(() => buildApp({ context: { ...noBundling, domainName: 'vistelse.sundbyberg.example' } })).toThrow(/give both or neither/);
    expect(() =>
      buildApp({
        context: { ...noBundling, domainName: 'v.example', certificateArn: 'arn:aws:acm:eu-north-1:111111111111:certificate/x' },
      }),
    ).toThrow(/us-east-1/);
  });

  it('refuse a rate limit that is not a number', () => {
    expect(() => buildApp({ context: { ...noBundling, apiRateLimit: 'many' } })).toThrow(/apiRateLimit/);
  });

  it('refuse a log retention CloudWatch does not offer', () => {
    expect(() => buildApp({ context: { ...noBundling, logRetentionDays: '100' } })).toThrow(/logRetentionDays/);
  });

  it('need the web build', () => {
    expect(() => buildApp({ context: { ...noBundling, webDist: path.join(webDist, 'saknas') } })).toThrow(MissingWebBuildError);
  });
});

describe('context overrides (as `-c key=value` strings)', () => {
  let built: VistelseApp;
  let main: Template;
  let edge: Template;
  const certificateArn = 'arn:aws:acm:us-east-1:222222222222:certificate/0f3c7c1e-1111-2222-3333-444444444444';

  beforeAll(() => {
    built = buildApp({
      context: {
        ...noBundling,
        account: '222222222222',
        apiRateLimit: '500',
        mailFrom: 'vistelse@mail.kommun.example',
        mailDomain: 'kommun.example',
        domainName: 'vistelse.kommun.example',
        certificateArn,
        logRetentionDays: '30',
      },
    });
    main = Template.fromStack(built.main);
    edge = Template.fromStack(built.edge);
  });

  it('set the account of both stacks', () => {
    expect(built.main.account).toBe('222222222222');
    expect(built.edge.account).toBe('222222222222');
  });

  it('set the WAF rate limit', () => {
    const [, acl] = onlyResource(edge, 'AWS::WAFv2::WebACL');
    const rate = (acl.Properties.Rules as any[]).find((r) => r.Statement.RateBasedStatement);
    expect(rate.Statement.RateBasedStatement.Limit).toBe(500);
  });

  it('set the sender and the SES identity', () => {
    main.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'kommun.example' });
    for (const fn of Object.values(resourcesOf(main, 'AWS::Lambda::Function'))) {
      const env = fn.Properties.Environment?.Variables;
      if (env?.TABLE_NAME) {
        expect(env.MAIL_FROM).toBe('vistelse@mail.kommun.example');
        expect(env.PUBLIC_BASE_URL).toBe('https://vistelse.kommun.example');
      }
    }
  });

  it('put the distribution on the custom domain with TLS 1.2 or newer', () => {
    const [, distribution] = onlyResource(main, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['vistelse.kommun.example']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: certificateArn,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: expect.stringMatching(/^TLSv1\.2_20\d\d$/),
    });
  });

  it('set the log retention', () => {
    for (const group of Object.values(resourcesOf(main, 'AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(30);
    }
  });
});

describe('the municipality’s own identity provider', () => {
  it('is federated into the staff login by SAML when its metadata is named, beside Cognito’s own users', () => {
    const { main } = buildApp({ context: { ...noBundling, staffSamlMetadataUrl: 'https://adfs.sundbyberg.example/FederationMetadata/2007-06/FederationMetadata.xml', staffSamlProviderName: 'Sundbyberg' } });
    const template = Template.fromStack(main);
    const [providerId, provider] = onlyResource(template, 'AWS::Cognito::UserPoolIdentityProvider');
    expect(provider.Properties).toMatchObject({
      ProviderName: 'Sundbyberg',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataURL: 'https://adfs.sundbyberg.example/FederationMetadata/2007-06/FederationMetadata.xml', IDPSignout: true },
      AttributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name' },
    });
    const [, client] = Object.entries(resourcesOf(template, 'AWS::Cognito::UserPoolClient'))[0];
    expect(JSON.stringify(client.Properties.SupportedIdentityProviders)).toContain('COGNITO');
    expect(JSON.stringify(client.Properties.SupportedIdentityProviders)).toContain(providerId);
    // Attributes a federated login writes must be mutable (and can't become so later).
    const [, pool] = onlyResource(template, 'AWS::Cognito::UserPool');
    expect(pool.Properties.Schema).toEqual(expect.arrayContaining([expect.objectContaining({ Name: 'email', Mutable: true, Required: true })]));
    expect(pool.Properties.UserAttributeUpdateSettings).toEqual({ AttributesRequireVerificationBeforeUpdate: ['email'] });
  });

  it('is not there unless named', () => {
    const { main } = buildApp({ context: noBundling });
    expect(resourcesOf(Template.fromStack(main), 'AWS::Cognito::UserPoolIdentityProvider')).toEqual({});
  });

  it('refuses metadata not over https, and a name Cognito would refuse', () => {
    expect(() => buildApp({ context: { ...noBundling, staffSamlMetadataUrl: 'http://adfs.example/metadata.xml' } })).toThrow(/staffSamlMetadataUrl.*https/);
    expect(() => buildApp({ context: { ...noBundling, staffSamlMetadataUrl: 'https://adfs.example/m.xml', staffSamlProviderName: '_Kommun' } })).toThrow(/staffSamlProviderName/);
  });
});
