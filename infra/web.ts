import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONTENT_SECURITY_POLICY, HSTS_MAX_AGE_SECONDS, PERMISSIONS_POLICY } from './security-headers';
import { MissingWebBuildError } from './settings';

/** HSTS max-age: two years (the preload lists' expectation; at least one year is required). */
const HSTS_MAX_AGE = Duration.seconds(HSTS_MAX_AGE_SECONDS);

/** Vite's output folder for content-hashed files: cached for a year and never overwritten. */
const HASHED_ASSETS_DIR = 'assets';

/**
 * Folders of the built app that hold their own `index.html` (a second single-page app, e.g.
 * `portal/`), deepest first, as `/portal/`.
 */
export function spaRoots(distDir: string): string[] {
  const roots: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (!statSync(full).isDirectory() || name === HASHED_ASSETS_DIR) continue;
      const relDir = `${rel}${name}/`;
      if (existsSync(path.join(full, 'index.html'))) roots.push(relDir);
      walk(full, relDir);
    }
  };
  walk(distDir, '/');
  return roots.sort((a, b) => b.length - a.length);
}

/**
 * CloudFront Function (viewer request, default behavior only): a path whose last segment has
 * no file extension is a client-side route, so it gets the app's `index.html` (of the deepest
 * sub-app whose folder it is in, else the root one). Files and `/api/*` are untouched, so real
 * 404s stay 404s — unlike distribution-wide custom error responses, which would also rewrite
 * the API's.
 */
export function spaRewriteCode(roots: readonly string[]): string {
  return `var ROOTS = ${JSON.stringify(roots)};
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') !== -1) return request;
  for (var i = 0; i < ROOTS.length; i++) {
    var root = ROOTS[i];
    if (uri.indexOf(root) === 0 || uri + '/' === root) {
      request.uri = root + 'index.html';
      return request;
    }
  }
  request.uri = '/index.html';
  return request;
}
`;
}

export interface WebProps {
  /** Absolute path of the built app (`web/dist`). */
  distDir: string;
  /** The HTTP API's execute-api host name, served under `/api/*`. */
  apiDomainName: string;
  /** CloudFront-scoped WAF web ACL (us-east-1). */
  webAclArn: string;
  /** Optional custom domain with its us-east-1 ACM certificate. */
  domainName?: string;
  certificateArn?: string;
  /** Retention of the deployment function's logs and of the bucket's access logs. */
  logRetention: logs.RetentionDays;
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
      contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override },
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
      comment: 'Client-side routes of the web app get its index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(spaRewriteCode(spaRoots(props.distDir))),
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

    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'Url', { description: 'The web app (and the API under /api/)', value: this.url });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
  }
}
