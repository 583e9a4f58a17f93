// The image pool's worker (src/images/image-worker.ts) plus a way to make it die, for the pool's recovery tests: a
// photo whose bytes start with "EXIT" ends the thread with process.exit(7); "THROW" throws from a message listener,
// outside the worker's job handling (an uncaught exception in the thread). Both happen in the same turn as the real
// worker's listener starts on the photo, so the thread is gone before that photo could be answered.
import { parentPort } from 'node:worker_threads';
import '../../src/images/image-worker.js';

parentPort!.on('message', (m: { batch: { bytes: Uint8Array } }) => {
  const head = Buffer.from(m.batch.bytes.buffer, m.batch.bytes.byteOffset, Math.min(5, m.batch.bytes.byteLength)).toString('latin1');
  if (head.startsWith('EXIT')) process.exit(7);
  if (head === 'THROW') throw new Error('boom outside a job');
});
