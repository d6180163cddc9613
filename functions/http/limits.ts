/** Largest order body accepted: every field at its maximum length fits several times over. */
export const ORDER_MAX_BYTES = 256 * 1024;
export const ORDER_MAX_BYTES_DOC = '256 KiB';
