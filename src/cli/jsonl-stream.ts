// The main thread of `clearpost check --jsonl`: cuts the input into chunks at line ends, hands them to the workers
// (s../cli/jsonl-worker.ts) and writes their answers in input order. It loads no part of the engine itself (no pack,
// no rules, no compromise), so the workers start at once and the main thread's share of the two cores stays small.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { createPool } from '../app/worker-pool.js';
import { ClearpostError } from '../core/errors.js';
import { EXIT } from './exit-codes.js';
import type { JsonlChunkResult } from './jsonl-worker.js';

/** Bytes of input per message to a worker (about 700 typical requests); the last line of a read is never split. */
const CHUNK_BYTES = 256 * 1024;

/**
 * One request per line in, one response per line out, same order; a bad line answers with an
 * error object. The main thread only cuts the raw input into chunks at line ends and writes the
 * answers: each chunk goes (transferred, not copied) to the least busy worker, which parses,
 * checks and serialises its lines and sends back one buffer; buffers are written in input order,
 * one write each. At most a few chunks per worker are in flight, so reading never runs ahead of
 * the checks or of stdout.
 */
export async function streamJsonl(file: string, packDir: string | undefined, contextFile: string | undefined, workers: number): Promise<void> {
  // By default V8 runs a regular expression's first match in its interpreter (compiling it to bytecode) and compiles it to
  // machine code on the second: each of the ~400 large lexicon expressions a worker meets was compiled twice. Compiled
  // once, straight to machine code (a process-wide flag, so before the workers start; answers are the same): about
  // 0.5 s less CPU per worker over 50,000 lines (thread CPU, interleaved runs).
  v8.setFlagsFromString('--no-regexp-tier-up');
  // Each worker is cold for most of a run (V8 optimising the engine's functions takes its first ~50,000 lines) and
  // TurboFan's inlining made that compiling dear (~1.1 s of a background thread per worker, re-done after each deopt of
  // an inlined rule): without it, 100,000 bench lines took 12.1 -> 10.8 s of CPU, 300,000 lines 23.9 -> 22.1 s (whole
  // process, medians of interleaved runs), same answers. A process-wide flag: set here, it does not touch `serve`.
  v8.setFlagsFromString('--no-turbo-inlining');
  // A young-generation collection's helper threads wait for a core like everything else, and both cores run workers: the
  // worker collecting alone does not wait for them. 100,000 bench lines, interleaved runs on a quiet machine: 5.53 -> 5.30 s
  // (batches of 256), same answers.
  v8.setFlagsFromString('--no-parallel-scavenge');
  const pool = createPool<Uint8Array, JsonlChunkResult>(
    '../cli/jsonl-worker',
    // Every worker validates the pack; for a pack given with --policy the first one also compiles each of its expressions,
    // once for all (answers are written only once every worker is ready). The shipped pack's expressions are proven by its
    // tests, as load-policy-pack.ts already trusts them to be linear: compiling them again cost worker 0 ~260 ms of CPU.
    (i: number) => ({ packDir, contextFile, checkPatterns: i === 0 && packDir !== undefined, photoBase: file === '-' ? process.cwd() : path.dirname(path.resolve(file)) }),
    workers,
    undefined,
    { sendToReadyFirst: true },
  );
  const maxInFlight = workers * 3;
  const ready = new Map<number, JsonlChunkResult>();
  let sent = 0;
  let written = 0;
  let worst = 0;
  let bad = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let stdoutFull = false;
  const signal = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  // Chunks go to the first worker ready while the others still load, but nothing is written before every worker is
  // ready: a pack or context error any of them finds comes before any answer (exit 3, empty output).
  let allReady = false;
  const flush = (): void => {
    if (!allReady) return;
    for (let r = ready.get(written); r !== undefined; r = ready.get(written)) {
      ready.delete(written++);
      if (r.worst > worst) worst = r.worst;
      bad ||= r.bad;
      if (r.out.byteLength > 0 && !process.stdout.write(r.out)) stdoutFull = true;
    }
  };
  const onDrain = (): void => {
    stdoutFull = false;
    signal();
  };
  process.stdout.on('drain', onDrain);
  const send = async (bytes: Uint8Array): Promise<void> => {
    while (failure === undefined && (sent - written >= maxInFlight || stdoutFull)) await new Promise<void>((r) => (wake = r));
    if (failure !== undefined) throw failure;
    const seq = sent++;
    pool.run(bytes, [bytes.buffer as ArrayBuffer]).then(
      (r) => {
        ready.set(seq, r);
        flush();
        signal();
      },
      (err: Error) => {
        failure ??= err;
        signal();
      },
    );
  };
  /** The given buffers joined in an ArrayBuffer of its own (so it can be transferred). */
  const copyOut = (parts: Buffer[], total: number): Uint8Array => {
    const u = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      u.set(p, at);
      at += p.length;
    }
    return u;
  };
  let carry: Buffer[] = [];
  let carryLen = 0;
  const whenReady = pool.ready();
  whenReady.then(
    () => {
      allReady = true;
      flush();
      signal();
    },
    (err: Error) => {
      failure ??= err;
      signal();
    },
  );
  try {
    const input = file === '-' ? process.stdin : fs.createReadStream(file, { highWaterMark: 1 << 20 });
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      // Whole lines of this read, in pieces of about CHUNK_BYTES; the unfinished last line waits for the next read.
      for (;;) {
        const from = Math.max(start, start + CHUNK_BYTES - carryLen - 1);
        let nl = from < chunk.length ? chunk.indexOf(10, from) : -1;
        if (nl < 0) nl = chunk.lastIndexOf(10);
        if (nl < start) break;
        const piece = chunk.subarray(start, nl + 1);
        await send(copyOut([...carry, piece], carryLen + piece.length));
        carry = [];
        carryLen = 0;
        start = nl + 1;
      }
      if (start < chunk.length) {
        carry.push(chunk.subarray(start));
        carryLen += chunk.length - start;
      }
    }
    if (carryLen > 0) await send(copyOut(carry, carryLen));
    while (failure === undefined && written < sent) await new Promise<void>((r) => (wake = r));
    if (failure !== undefined) throw failure;
    await whenReady; // an empty input too must report a set-up error
  } catch (err) {
    if (err === failure || err instanceof ClearpostError) throw err;
    // A set-up error (pack, context) still comes first, as when the input was read only after the set-up.
    await whenReady;
    throw new ClearpostError('invalid-request', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'jsonl');
  } finally {
    process.stdout.off('drain', onDrain);
    await pool.close();
  }
  process.exitCode = bad ? EXIT.badInput : worst;
}

