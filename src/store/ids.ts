// Record ids: UUID version 7 (time-ordered), so ordering by id is creation order and serves as a list cursor.
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// Random bytes are drawn 4 KB at a time (one call per 256 ids instead of one each: it showed in the API's profile).
let pool = Buffer.alloc(0);
let offset = 0;

export function newId(now: number = Date.now()): string {
  // Within one millisecond a 12-bit counter keeps ids of one process increasing.
  if (now <= lastMs) {
    counter = (counter + 1) & 0xfff;
    if (counter === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    counter = 0;
  }
  if (offset + 16 > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const b = pool.subarray(offset, offset + 16);
  offset += 16;
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
