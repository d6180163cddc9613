import { DeleteObjectCommand, DeleteObjectsCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3AttachmentStorage } from '../../../functions/adapters/s3-attachment-storage';

/**
 * Gallring in a versioned bucket (AWS): a plain delete there only puts a delete marker before the
 * file, which stays readable by its version. The local object storage has no versions, so this
 * test gives the adapter a client that keeps versions and delete markers as S3 does (listed in key
 * order, a page at a time) and records what it was sent.
 */
interface Version {
  Key: string;
  VersionId: string;
  marker: boolean;
}

function versionedBucket(initial: Version[], options: { pageSize?: number; refuse?: string } = {}) {
  let versions = [...initial];
  const sent: string[] = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof ListObjectVersionsCommand) {
        sent.push('ListObjectVersions');
        const { Prefix = '', MaxKeys = 1000 } = command.input;
        const page = versions
          .filter((v) => v.Key.startsWith(Prefix))
          .sort((a, b) => a.Key.localeCompare(b.Key))
          .slice(0, Math.min(MaxKeys, options.pageSize ?? MaxKeys));
        return {
          Versions: page.filter((v) => !v.marker).map(({ Key, VersionId }) => ({ Key, VersionId })),
          DeleteMarkers: page.filter((v) => v.marker).map(({ Key, VersionId }) => ({ Key, VersionId })),
          IsTruncated: page.length < versions.filter((v) => v.Key.startsWith(Prefix)).length,
        };
      }
      if (command instanceof DeleteObjectsCommand) {
        sent.push('DeleteObjects');
        const objects = command.input.Delete?.Objects ?? [];
        const refused = objects.filter((o) => o.VersionId === options.refuse);
        versions = versions.filter((v) => !objects.some((o) => o.Key === v.Key && o.VersionId === v.VersionId && o.VersionId !== options.refuse));
        return { Errors: refused.map((o) => ({ Key: o.Key, VersionId: o.VersionId, Code: 'AccessDenied' })) };
      }
      if (command instanceof DeleteObjectCommand) {
        sent.push('DeleteObject');
        // What a plain delete does in a versioned bucket: a marker in front, the data kept.
        versions.push({ Key: command.input.Key!, VersionId: `marker-${versions.length}`, marker: true });
        return {};
      }
      throw new Error(`unexpected command ${(command as object).constructor.name}`);
    },
  };
  return { client: client as unknown as S3Client, sent, left: () => versions };
}

const KEY = 'cases/01CASE/attachments/01FILE';
const v = (Key: string, VersionId: string, marker = false): Version => ({ Key, VersionId, marker });

describe('S3 attachment storage: every version of a purged file', () => {
  it('deletes each version and delete marker of the key, and nothing of a key that merely starts like it', async () => {
    const bucket = versionedBucket([v(KEY, 'v1'), v(KEY, 'v2'), v(KEY, 'm1', true), v(`${KEY}0`, 'other')]);
    await new S3AttachmentStorage(bucket.client, 'attachments', 'guardduty', 'enabled').removeEveryVersion(KEY);
    expect(bucket.left()).toEqual([v(`${KEY}0`, 'other')]);
    expect(bucket.sent).toEqual(['ListObjectVersions', 'DeleteObjects', 'ListObjectVersions']);
  });

  it('goes on page by page until no version is left', async () => {
    const many = Array.from({ length: 7 }, (_, i) => v(KEY, `v${i}`));
    const bucket = versionedBucket(many, { pageSize: 3 });
    await new S3AttachmentStorage(bucket.client, 'attachments', 'guardduty', 'enabled').removeEveryVersion(KEY);
    expect(bucket.left()).toEqual([]);
    expect(bucket.sent.filter((c) => c === 'DeleteObjects')).toHaveLength(3);
  });

  it('is done at once when the file is already gone (a purge run again)', async () => {
    const bucket = versionedBucket([]);
    await new S3AttachmentStorage(bucket.client, 'attachments', 'guardduty', 'enabled').removeEveryVersion(KEY);
    expect(bucket.sent).toEqual(['ListObjectVersions']);
  });

  it('fails, so the case is not marked purged, when S3 keeps a version', async () => {
    const bucket = versionedBucket([v(KEY, 'v1'), v(KEY, 'v2')], { refuse: 'v2' });
    await expect(new S3AttachmentStorage(bucket.client, 'attachments', 'guardduty', 'enabled').removeEveryVersion(KEY)).rejects.toThrow(/kept 1 version.*AccessDenied/);
    expect(bucket.left()).toEqual([v(KEY, 'v2')]);
  });

  it('without versions (the local storage) deletes the object itself', async () => {
    const bucket = versionedBucket([]);
    await new S3AttachmentStorage(bucket.client, 'attachments', 'none', 'none').removeEveryVersion(KEY);
    expect(bucket.sent).toEqual(['DeleteObject']);
  });
});
