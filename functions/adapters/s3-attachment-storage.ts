import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, ListObjectVersionsCommand, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AttachmentStorage, MalwareScan } from '../core/messages/ports';
import type { PurgeObjectStorage } from '../core/purge/ports';

/** The tag GuardDuty Malware Protection for S3 puts on every object it has scanned. */
export const GUARDDUTY_SCAN_TAG = 'GuardDutyMalwareScanStatus';

/**
 * Attachments in S3 (a local S3 server on this machine): the browser uploads and downloads with
 * presigned requests, so files never pass through the functions. An upload's request signs its
 * type and exact length (S3 refuses another; the local server checks nothing, so the use case
 * checks the stored object's size and content itself). With `malwareScan: 'guardduty'` an object
 * is served only once GuardDuty has tagged it clean.
 */
export class S3AttachmentStorage implements AttachmentStorage, PurgeObjectStorage {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly scanning: 'guardduty' | 'none',
    /** `enabled`: the bucket keeps earlier versions (AWS); `none`: it keeps only the object (the local storage, which has no versions API). */
    private readonly versioning: 'enabled' | 'none' = 'enabled',
  ) {}

  async uploadRequest(key: string, file: { contentType: string; size: number }, expiresInSeconds: number) {
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: file.contentType, ContentLength: file.size });
    const url = await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) });
    return { url, headers: { 'content-type': file.contentType } };
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength;
    } catch (error) {
      if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NotFound')) return undefined;
      throw error;
    }
  }

  async firstBytes(key: string, n: number): Promise<Uint8Array> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${n - 1}` }));
    return out.Body ? out.Body.transformToByteArray() : new Uint8Array();
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /**
   * The purge: the object and, in a versioned bucket, every version of it and every delete marker
   * (a plain delete there only hides the file behind a marker). Versions are listed by the key as a
   * prefix and only those of exactly this key are deleted, a thousand at a time.
   */
  async removeEveryVersion(key: string): Promise<void> {
    if (this.versioning === 'none') {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
      return;
    }
    for (;;) {
      const out = await this.client.send(new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: key, MaxKeys: 1000 }));
      const versions = [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].filter((v) => v.Key === key && v.VersionId);
      if (versions.length === 0) return;
      const deleted = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: versions.map((v) => ({ Key: key, VersionId: v.VersionId })), Quiet: true } }),
      );
      const failed = deleted.Errors ?? [];
      if (failed.length > 0) throw new Error(`S3 kept ${failed.length} version(s) of an attachment: ${failed[0]!.Code ?? 'unknown error'}`);
    }
  }

  async downloadUrl(key: string, file: { fileName: string; contentType: string }, expiresInSeconds: number): Promise<string> {
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: contentDisposition(file.fileName), ResponseContentType: file.contentType });
    return getSignedUrl(this.client, command, { expiresIn: expiresInSeconds });
  }

  async malwareScan(key: string): Promise<MalwareScan> {
    if (this.scanning === 'none') return 'not_scanned';
    const out = await this.client.send(new GetObjectTaggingCommand({ Bucket: this.bucket, Key: key }));
    const status = out.TagSet?.find((t) => t.Key === GUARDDUTY_SCAN_TAG)?.Value;
    if (status === undefined) return 'pending';
    if (status === 'NO_THREATS_FOUND') return 'clean';
    if (status === 'THREATS_FOUND') return 'threat';
    return 'failed';
  }
}

/** `attachment` with the name in ASCII for old clients and in UTF-8 (RFC 6266 / 5987) for the rest. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
