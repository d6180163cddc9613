import { getRandomValues } from 'node:crypto';
import { ulid } from 'ulid';
import type { IdGenerator } from '../core/kernel/clock';

const POOL_BYTES = 4096;

/**
 * ULIDs (sortable, unique) whose random part comes from a pool of bytes the operating system
 * fills 4 KiB at a time. `ulid`'s own generator asks it for one byte per character — 16 calls per
 * id, and an order takes about ten ids (0.8 ms of the intake's CPU, profiled). Each character
 * still comes from its own random byte, mapped as `ulid` maps it (byte / 256).
 */
export function ulidIds(): IdGenerator {
  const pool = new Uint8Array(POOL_BYTES);
  let next = POOL_BYTES;
  const random = () => {
    if (next === POOL_BYTES) {
      getRandomValues(pool);
      next = 0;
    }
    return pool[next++] / 256;
  };
  return { next: () => ulid(undefined, random) };
}
