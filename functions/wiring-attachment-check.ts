import { fileTypeDetector } from './adapters/file-type-detector';
import { messagesWith } from './wiring-messages-parts';
import { attachmentStorage } from './wiring-s3';

/** Checking an upload: object storage and `file-type`, no vault (the answer names no file). */
let built: ReturnType<typeof messagesWith> | undefined;
export function attachmentCheck(): ReturnType<typeof messagesWith> {
  built ??= messagesWith({ storage: attachmentStorage(), fileTypes: fileTypeDetector });
  return built;
}

export function resetAttachmentCheck(): void {
  built = undefined;
}
