import { S3Client } from '@aws-sdk/client-s3';
import { S3AttachmentStorage } from './adapters/s3-attachment-storage';
import { traced } from './observability/telemetry';
import { env } from './wiring';

/**
 * The attachments' object storage: S3, or the local object storage through `S3_ENDPOINT`
 * (path-style, its fixed key pair). In AWS, `MALWARE_SCAN=guardduty` serves only files GuardDuty
 * found clean.
 */
export function attachmentStorage(): S3AttachmentStorage {
  const { AWS_REGION, S3_ENDPOINT, ATTACHMENTS_BUCKET, MALWARE_SCAN, ATTACHMENTS_VERSIONING } = env();
  if (!ATTACHMENTS_BUCKET) throw new Error('Invalid environment: ATTACHMENTS_BUCKET must be set');
  const s3 = new S3Client({
    region: AWS_REGION,
    // No checksum of a body the SDK never sees: a presigned PUT would carry the empty body's CRC32
    // and S3 would refuse the browser's file.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    ...(S3_ENDPOINT ? { endpoint: S3_ENDPOINT, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
  });
  return new S3AttachmentStorage(traced(s3), ATTACHMENTS_BUCKET, MALWARE_SCAN ?? 'guardduty', ATTACHMENTS_VERSIONING);
}
