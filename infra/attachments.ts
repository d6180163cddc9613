import { Aws, Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { acknowledge, wildcardResource } from './nag';
import { GUARDDUTY_SCAN_TAG } from '../functions/adapters/s3-attachment-storage';

/**
 * A name known before the bucket exists: the distribution's CSP names the bucket, and the bucket's
 * CORS names the distribution — a name from the account's and region's tokens breaks that cycle.
 */
export const ATTACHMENTS_BUCKET_NAME = () => `vistelse-attachments-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
/** Where the browser puts files: the bucket's regional host, as presigned requests name it. */
export const attachmentsUploadOrigin = () => `https://${ATTACHMENTS_BUCKET_NAME()}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`;

export interface AttachmentsProps {
  /** The web app's origin: the only one whose pages may put files (CORS). */
  allowedOrigin: string;
  /** Where S3 writes the bucket's server access logs. */
  accessLogs: s3.IBucket;
}

/**
 * The messages' attachments: a private bucket (all public access blocked, TLS only, SSE-KMS with
 * a key of its own), files put and fetched only with short-lived presigned requests the functions
 * sign. GuardDuty Malware Protection for S3 scans every new object and tags it; a bucket policy
 * refuses to serve an object unless its tag says no threats were found — to anyone but GuardDuty
 * itself and the function that checks a fresh upload's type (`readsUnscanned`).
 */
export class Attachments extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  /** `https://<bucket>.s3.<region>.amazonaws.com`: where the browser puts files (the pages' CSP `connect-src`). */
  readonly uploadOrigin: string;
  readonly malwareScanRole: iam.Role;
  private readonly unscannedReaders: string[] = [];

  constructor(scope: Construct, id: string, props: AttachmentsProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Vistelse: encrypts the messages’ attachments (personal data)',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.key.addAlias('alias/vistelse/attachments');

    const bucketName = ATTACHMENTS_BUCKET_NAME();
    this.uploadOrigin = attachmentsUploadOrigin();
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [{ allowedOrigins: [props.allowedOrigin], allowedMethods: [s3.HttpMethods.PUT], allowedHeaders: ['content-type'], maxAge: 600 }],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1), noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'attachments/',
    });

    // GuardDuty Malware Protection for S3: its role, as AWS documents it for a bucket with SSE-KMS.
    this.malwareScanRole = new iam.Role(this, 'MalwareScanRole', {
      assumedBy: new iam.ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'Vistelse: GuardDuty Malware Protection for S3 scans and tags the attachments',
    });
    const ruleArn = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`;
    this.malwareScanRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DescribeRule', 'events:ListTargetsByRule'], resources: [ruleArn] }),
    );
    this.malwareScanRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutBucketNotification', 's3:GetBucketNotification', 's3:ListBucket'], resources: [this.bucket.bucketArn] }));
    this.malwareScanRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    this.malwareScanRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('malware-protection-resource-validation-object')] }));
    this.key.grantDecrypt(this.malwareScanRole);
    this.key.grant(this.malwareScanRole, 'kms:GenerateDataKey');
    acknowledge(this.malwareScanRole, wildcardResource(this.malwareScanRole, ruleArn), 'GuardDuty creates and manages its own EventBridge rules, named with this prefix (AWS\'s documented policy for Malware Protection for S3).');
    acknowledge(this.malwareScanRole, wildcardResource(this.malwareScanRole, this.bucket.arnForObjects('*')), 'GuardDuty scans and tags every object of the bucket: that is the protection.');

    const plan = new guardduty.CfnMalwareProtectionPlan(this, 'MalwareProtection', {
      role: this.malwareScanRole.roleArn,
      protectedResource: { s3Bucket: { bucketName: this.bucket.bucketName } },
      actions: { tagging: { status: 'ENABLED' } },
    });
    plan.node.addDependency(this.malwareScanRole);

    // Nothing is served before GuardDuty has found it clean (the functions check the tag too).
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ServeOnlyScannedClean',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          StringNotEquals: { [`s3:ExistingObjectTag/${GUARDDUTY_SCAN_TAG}`]: 'NO_THREATS_FOUND' },
          // Filled in as functions are granted `check` (a lazy list: grants come after this statement).
          ArnNotEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => this.unscannedReaders }) },
        },
      }),
    );
    this.unscannedReaders.push(this.malwareScanRole.roleArn);
  }

  /** May put files (the presigned upload is signed with this role): PutObject on the case files, the key to encrypt. */
  grantUpload(grantee: iam.IGrantable & IConstruct): void {
    this.allowObjects(grantee, ['s3:PutObject'], 'The browser puts each file under its own new key (cases/<case>/attachments/<id>), known only when the upload starts: the grant is PutObject on the bucket\'s objects, nothing else.');
    this.key.grant(grantee, 'kms:GenerateDataKey');
  }

  /** Checks fresh uploads: reads their first bytes before GuardDuty is done, deletes what is refused. */
  grantCheck(grantee: iam.IGrantable & IConstruct & { role?: iam.IRole }): void {
    this.allowObjects(grantee, ['s3:GetObject', 's3:DeleteObject'], 'A fresh upload is read (its first bytes and size) and deleted when refused; its key is known only at run time.');
    this.key.grantDecrypt(grantee);
    if (grantee.role) this.unscannedReaders.push(grantee.role.roleArn);
  }

  /** Serves files (signs the download) once their scan tag says clean. */
  grantDownload(grantee: iam.IGrantable & IConstruct): void {
    this.allowObjects(grantee, ['s3:GetObject', 's3:GetObjectTagging'], 'A download is signed for the one file asked for, after its GuardDuty tag is read; its key is known only at run time.');
    this.key.grantDecrypt(grantee);
  }

  /** Gallring: lists a purged case's files' versions and deletes each of them (and their delete markers). */
  grantPurge(grantee: iam.IGrantable & IConstruct): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucketVersions', 's3:ListBucket'], resources: [this.bucket.bucketArn] }));
    this.allowObjects(grantee, ['s3:DeleteObject', 's3:DeleteObjectVersion'], "A purged case's files are deleted in every version; their keys are known only at run time.");
  }

  private allowObjects(grantee: iam.IGrantable & IConstruct, actions: string[], reason: string): void {
    const objects = this.bucket.arnForObjects('*');
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [objects] }));
    const role = (grantee as { role?: iam.IRole }).role;
    if (role) acknowledge(role, wildcardResource(role, objects), reason);
  }
}
