import { existsSync } from 'node:fs';
import path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { EDGE_ORIGIN_HEADER } from '../functions/http/limits';
import { acknowledge, wildcardAction, wildcardResource } from './nag';
import { contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, PERMISSIONS_POLICY } from './security-headers';
import { MissingWebBuildError } from './settings';
import { HASHED_ASSETS_DIR, webRewriteCode, webRoutes } from './web-routes';

/** HSTS max-age: two years (the preload lists' expectation; at least one year is required). */
const HSTS_MAX_AGE = Duration.seconds(HSTS_MAX_AGE_SECONDS);

export interface WebProps {
  /** Absolute path of the built app (`web/dist`). */
  distDir: string;
  /** The HTTP API's execute-api host name, served under `/api/*`. */
  apiDomainName: string;
  /**
   * The value CloudFront sends to the API in `x-vistelse-edge` (a Secrets Manager dynamic
   * reference), by which the functions know a request came through it.
   */
  edgeOriginSecret: string;
  /** CloudFront-scoped WAF web ACL (us-east-1). */
  webAclArn: string;
  /** Optional custom domain with its us-east-1 ACM certificate. */
  domainName?: string;
  certificateArn?: string;
  /** Retention of the deployment function's logs and of the bucket's access logs. */
  logRetention: logs.RetentionDays;
  /** Other origins the pages send requests to (the attachments' bucket): the CSP's `connect-src`. */
  connectSources?: string[];
}

/**
 * The web app in a private bucket behind CloudFront (Origin Access Control), and the API under
 * `/api/*` of the same distribution, so the browser sees one origin (no CORS, one CSP).
 */
export class Web extends Construct {
  readonly bucket: s3.Bucket;
  /** Server access logs of `bucket`: who read, wrote or deleted the web app's files. */
  readonly accessLogs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly securityHeaders: cloudfront.ResponseHeadersPolicy;
  readonly apiHeaders: cloudfront.ResponseHeadersPolicy;
  /** `https://` + the custom domain or the distribution's domain. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    if (!existsSync(path.join(props.distDir, 'index.html'))) throw new MissingWebBuildError(props.distDir);

    // The requesters here are CloudFront (through OAC) and the deployment role, not the viewers,
    // so these logs hold no viewers' IP addresses. S3 delivers access logs with SSE-S3 only.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          ...(props.logRetention === logs.RetentionDays.INFINITE ? {} : { expiration: Duration.days(props.logRetention) }),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'web/',
    });

    const securityHeadersBehavior = (override: boolean): cloudfront.ResponseSecurityHeadersBehavior => ({
      contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.connectSources), override },
      contentTypeOptions: { override },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override },
      strictTransportSecurity: { accessControlMaxAge: HSTS_MAX_AGE, includeSubdomains: true, override },
      // The legacy XSS auditor is off in every current browser; "0" keeps old ones from misusing it.
      xssProtection: { protection: false, override },
    });

    this.securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Vistelse web app: security headers',
      securityHeadersBehavior: securityHeadersBehavior(true),
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true },
        ],
      },
    });

    // The API's handlers set their own (stricter) security headers; CloudFront keeps those and
    // adds what a response lacks (e.g. API Gateway's own 404/429/5xx). Caching is never allowed.
    this.apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Vistelse API: no-store and security headers',
      securityHeadersBehavior: securityHeadersBehavior(false),
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cache-Control', value: 'no-store', override: true }],
      },
    });

    const spaRewrite = new cloudfront.Function(this, 'SpaRewrite', {
      comment: 'Prerendered pages get their HTML, other client-side routes the app shell',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(webRewriteCode(webRoutes(props.distDir))),
    });

    const customDomain =
      props.domainName && props.certificateArn
        ? {
            domainNames: [props.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {};

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Vistelse: web app and /api/*',
      defaultRootObject: 'index.html',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      webAclId: props.webAclArn,
      ...customDomain,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.securityHeaders,
        compress: true,
        functionAssociations: [{ function: spaRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new origins.HttpOrigin(props.apiDomainName, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
            // Overwrites a viewer's header of the same name, so only CloudFront can send it.
            customHeaders: { [EDGE_ORIGIN_HEADER]: props.edgeOriginSecret },
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.apiHeaders,
          compress: true,
        },
      },
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      "No geo restriction: the orderers are other municipalities' caseworkers, who may be travelling or behind networks located abroad; blocking countries would shut out lawful users and is bypassed by any VPN. Abuse is handled by the WAF (rate limit, IP reputation, managed rules).",
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      "No CloudFront access logs: they would record every viewer's IP address and full query string, and the system deliberately stores no IP addresses of the people using the e-service (the API's access log format leaves them out). Traffic is observable through the API's access logs, the functions' logs, and the WAF's metrics and sampled requests.",
    );
    if (!props.domainName) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        "Without a custom domain the distribution uses CloudFront's *.cloudfront.net certificate, for which CloudFront fixes the minimum viewer protocol (TLSv1) and it cannot be raised. Give -c domainName and -c certificateArn and the distribution requires TLSv1.2_2021 (then this finding does not arise).",
      );
    }

    // Hashed assets first (kept across deploys: a browser holding the previous index.html can
    // still load its chunks), then everything else, which is revalidated on every request.
    const source = s3deploy.Source.asset(props.distDir);
    const deployLogs = new logs.LogGroup(this, 'DeployLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    // Our own role for the deployment function (one function serves both deployments): it writes
    // to its own log group only, instead of the AWS managed AWSLambdaBasicExecutionRole.
    const deployRole = new iam.Role(this, 'DeployRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Vistelse: copies the web build into the web bucket and invalidates the distribution',
    });
    deployLogs.grantWrite(deployRole);
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [source],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: [`${HASHED_ASSETS_DIR}/*`],
      prune: false,
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.days(365)), s3deploy.CacheControl.immutable()],
      memoryLimit: 512,
      logGroup: deployLogs,
      role: deployRole,
    });
    const pages = new s3deploy.BucketDeployment(this, 'DeployPages', {
      sources: [source],
      destinationBucket: this.bucket,
      exclude: [`${HASHED_ASSETS_DIR}/*`],
      prune: true,
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      logGroup: deployLogs,
      role: deployRole,
    });
    pages.node.addDependency(assets);
    this.acknowledgeDeployment(deployRole, assets);

    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'Url', { description: 'The web app (and the API under /api/)', value: this.url });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
  }

  /**
   * The grants aws-cdk-lib's BucketDeployment gives its (our) role, and its handler's runtime:
   * both are the construct's own and cannot be narrowed or chosen through its API.
   */
  private acknowledgeDeployment(role: iam.Role, deployment: s3deploy.BucketDeployment): void {
    const sourceAsset = deployment.node.findAll().find((c): c is s3assets.Asset => c instanceof s3assets.Asset);
    if (!sourceAsset) throw new Error('infra/web.ts: the BucketDeployment has no source asset');
    const wildcards: [string, string][] = [
      [wildcardAction('s3:GetObject*'), 'Reads the built web app from the CDK asset bucket and the web bucket (object reads and their versions/ACL variants).'],
      [wildcardAction('s3:GetBucket*'), 'Reads the location and settings of the CDK asset bucket and the web bucket to copy between them.'],
      [wildcardAction('s3:List*'), 'Lists the CDK asset bucket and the web bucket to copy and prune the web app.'],
      [wildcardAction('s3:DeleteObject*'), 'Removes files of earlier builds from the web bucket (prune: true for the pages).'],
      [wildcardAction('s3:Abort*'), 'Aborts its own failed multipart uploads to the web bucket.'],
      [wildcardResource(this, sourceAsset.bucket.arnForObjects('*')), "Objects of the CDK bootstrap asset bucket, read only: the source asset's grant covers the bucket that holds this account's deployment assets."],
      [wildcardResource(this, this.bucket.arnForObjects('*')), 'Objects of the web bucket: the deployment writes the whole built app.'],
      [wildcardResource(this, '*'), 'cloudfront:CreateInvalidation and GetInvalidation, which BucketDeployment grants on "*"; the deployment invalidates this distribution only (distributionPaths).'],
    ];
    for (const [id, reason] of wildcards) acknowledge(role, id, `BucketDeployment (aws-cdk-lib) grants this to its role. ${reason}`);

    // One singleton function, at the stack's root, serves every BucketDeployment of the stack.
    const handlers = Stack.of(this).node.children.filter(
      (c): c is lambda.Function => c instanceof lambda.Function && c.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handlers.length !== 1) throw new Error(`infra/web.ts: expected one BucketDeployment handler, found ${handlers.length}`);
    acknowledge(
      handlers[0],
      'AwsSolutions-L1',
      "aws-cdk-lib ships this handler's code and picks its Python runtime (BucketDeployment has no runtime option); it runs only during deployments and moves to newer runtimes with aws-cdk-lib upgrades.",
    );
  }
}
