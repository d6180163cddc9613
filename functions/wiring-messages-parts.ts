import { caseMessages, type MessageDeps } from './core/messages/case-messages';
import type { PersonalDataVault } from './core/kernel/personal-data';
import type { AttachmentStorage, FileTypeDetector } from './core/messages/ports';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';

/**
 * The messages' use cases for a function that needs only some of their parts: the AWS SDK is
 * external to the bundles (an import of its S3 client is never tree-shaken) and the Encryption SDK
 * and `file-type` are heavy, so each function's wiring gives only what its route uses, and a part
 * left out refuses loudly if it is ever reached.
 */
const missing = (what: string) => () => Promise.reject(new Error(`This function has no ${what}`));

const noVault: PersonalDataVault = { seal: missing('vault'), open: missing('vault'), sealText: missing('vault'), openText: missing('vault') };
const noStorage: AttachmentStorage = {
  uploadRequest: missing('object storage'),
  size: missing('object storage'),
  firstBytes: missing('object storage'),
  remove: missing('object storage'),
  downloadUrl: missing('object storage'),
  malwareScan: missing('object storage'),
};
const noFileTypes: FileTypeDetector = { detect: missing('file type detector') };

export function messagesWith(parts: Partial<Pick<MessageDeps, 'vault' | 'storage' | 'fileTypes'>>): ReturnType<typeof caseMessages> {
  return caseMessages({
    ...stores(),
    vault: parts.vault ?? noVault,
    storage: parts.storage ?? noStorage,
    fileTypes: parts.fileTypes ?? noFileTypes,
    clock: systemClock,
    ids: ulidIds,
    config: municipalityConfig,
    publicBaseUrl: env().PUBLIC_BASE_URL,
  });
}
