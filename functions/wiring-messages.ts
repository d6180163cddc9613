import { S3Client } from '@aws-sdk/client-s3';
import { fileTypeDetector } from './adapters/file-type-detector';
import { S3AttachmentStorage } from './adapters/s3-attachment-storage';
import { caseMessages } from './core/messages/case-messages';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';
import { personalDataVault } from './wiring-vault';

/**
 * The messages' use cases: the vault (texts and file names are sealed), object storage for the
 * attachments (S3; the local object storage through `S3_ENDPOINT`, path-style), `file-type` to tell
 * a file by its content. In AWS, `MALWARE_SCAN=guardduty` serves only files GuardDuty found clean.
 */
let built: ReturnType<typeof caseMessages> | undefined;
export function messages(): ReturnType<typeof caseMessages> {
  if (!built) {
    const { AWS_REGION, S3_ENDPOINT, ATTACHMENTS_BUCKET, MALWARE_SCAN, PUBLIC_BASE_URL } = env();
    if (!ATTACHMENTS_BUCKET) throw new Error('Invalid environment: ATTACHMENTS_BUCKET must be set');
    const s3 = new S3Client({
      region: AWS_REGION,
      // No checksum of a body the SDK never sees: a presigned PUT would carry the empty body's CRC32
      // and S3 would refuse the browser's file.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      // The local object storage (s3rver) knows one fixed key pair.
      ...(S3_ENDPOINT ? { endpoint: S3_ENDPOINT, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
    });
    built = caseMessages({
      ...stores(),
      vault: personalDataVault(),
      storage: new S3AttachmentStorage(s3, ATTACHMENTS_BUCKET, MALWARE_SCAN ?? 'guardduty'),
      fileTypes: fileTypeDetector,
      clock: systemClock,
      ids: ulidIds,
      config: municipalityConfig,
      publicBaseUrl: PUBLIC_BASE_URL,
    });
  }
  return built;
}

/** The local stack starts again in one process with other stores and storage. */
export function resetMessages(): void {
  built = undefined;
}
