import { fileTypeFromBuffer } from 'file-type';
import type { FileTypeDetector } from '../core/messages/ports';

/** A file's type from its content (magic bytes and, for Office and OpenDocument files, the zip's parts), by `file-type`. */
export const fileTypeDetector: FileTypeDetector = {
  async detect(bytes) {
    return (await fileTypeFromBuffer(bytes))?.mime;
  },
};
