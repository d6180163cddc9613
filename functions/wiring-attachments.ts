import { messagesWith } from './wiring-messages-parts';
import { attachmentStorage } from './wiring-s3';
import { personalDataVault } from './wiring-vault';

/** Starting an upload and downloading: the vault (file names are sealed) and object storage. */
let built: ReturnType<typeof messagesWith> | undefined;
export function attachments(): ReturnType<typeof messagesWith> {
  built ??= messagesWith({ vault: personalDataVault(), storage: attachmentStorage() });
  return built;
}

export function resetAttachments(): void {
  built = undefined;
}
