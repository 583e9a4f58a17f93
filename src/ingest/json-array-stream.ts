// Streams the elements of one big JSON array (tweets.js, outbox.json ...) with bounded memory: a byte scanner cuts elements, JSON.parse reads each.
import type { Readable } from 'node:stream';

export type ArrayEvent = { value: unknown; offset: number } | { error: string; offset: number };

/**
 * A run of whole elements as the input holds them, not parsed: what an audit sends to a worker.
 * `bytes` runs from the first element's first byte to the last one's last byte (separators between
 * them included) in its own ArrayBuffer, so it can be transferred. `bounds` holds each element's
 * [start, end) within `bytes`, two numbers per element.
 */
export interface RawElements {
  bytes: Uint8Array;
  /** Byte offset of bytes[0] in the input. */
  offset: number;
  bounds: Int32Array;
}

export type RawEvent = RawElements | { error: string; offset: number };

export interface ArrayStreamOptions {
  /** Start at the array that follows this key (e.g. "orderedItems"); default: the first "[" in the input. */
  afterKey?: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

const SEEK_KEY = 0;
const SEEK_ARRAY = 1;
const BETWEEN = 2;
const ELEMENT = 3;
const DONE = 4;

/** What a byte is to the scanner outside strings: 0 nothing, else a quote, an opening or a closing bracket. */
const K_QUOTE = 1;
const K_OPEN = 2;
const K_CLOSE = 3;
const KIND = new Uint8Array(256);
KIND[QUOTE] = K_QUOTE;
KIND[OPEN_BRACE] = K_OPEN;
KIND[OPEN_BRACKET] = K_OPEN;
KIND[CLOSE_BRACE] = K_CLOSE;
KIND[CLOSE_BRACKET] = K_CLOSE;

/**
 * The byte scanner: finds where each top-level element of the array starts and ends, across chunks.
 * One tight loop per chunk with the state in locals (about 2 ns a byte).
 */
class ArraySplitter {
  state: number;
  /** Absolute offset of the current chunk's first byte. */
  pos = 0;
  elemStart = 0;
  private depth = 0;
  private inString = false;
  /** Inside a string, the next byte is escaped (the last chunk ended on an odd run of backslashes). */
  private escapeNext = false;
  private scalar = false;
  private seekTail: Buffer = Buffer.alloc(0);

  constructor(private readonly key: Buffer | undefined) {
    this.state = key ? SEEK_KEY : SEEK_ARRAY;
  }

  get inElement(): boolean {
    return this.state === ELEMENT;
  }

  /** Scans one chunk; pushes each element that ends in it as absolute [start, end) onto `out`. */
  scan(chunk: Buffer, out: number[]): void {
    const len = chunk.length;
    let i = 0;
    if (this.state === SEEK_KEY) {
      const key = this.key!;
      const hay = Buffer.concat([this.seekTail, chunk]);
      const at = hay.indexOf(key);
      if (at < 0) {
        this.seekTail = hay.subarray(Math.max(0, hay.length - key.length));
        this.pos += len;
        return;
      }
      i = at + key.length - this.seekTail.length;
      this.state = SEEK_ARRAY;
    }
    if (this.state === SEEK_ARRAY) {
      const at = chunk.indexOf(OPEN_BRACKET, i);
      if (at < 0) {
        this.pos += len;
        return;
      }
      i = at + 1;
      this.state = BETWEEN;
    }
    let depth = this.depth;
    let inString = this.inString;
    let escapeNext = this.escapeNext;
    let state = this.state;
    while (i < len && state !== DONE) {
      if (state === BETWEEN) {
        const b = chunk[i]!;
        if (b === COMMA || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) {
          i++;
          continue;
        }
        if (b === CLOSE_BRACKET) {
          state = DONE;
          break;
        }
        state = ELEMENT;
        this.elemStart = this.pos + i;
        this.scalar = b !== OPEN_BRACE && b !== OPEN_BRACKET;
        depth = this.scalar ? 0 : 1;
        inString = b === QUOTE;
        escapeNext = false;
        i++;
        continue;
      }
      // ELEMENT. The hot loop: one table lookup per byte outside strings, a tight loop inside them.
      if (inString) {
        while (i < len) {
          const c = chunk[i++]!;
          if (escapeNext) escapeNext = false;
          else if (c === BACKSLASH) escapeNext = true;
          else if (c === QUOTE) {
            inString = false;
            break;
          }
        }
        continue;
      }
      if (this.scalar) {
        const b = chunk[i]!;
        if (b === QUOTE) inString = true;
        else if (b === COMMA || b === CLOSE_BRACKET || b === 0x0a || b === 0x0d || b === 0x20) {
          out.push(this.elemStart, this.pos + i);
          state = b === CLOSE_BRACKET ? DONE : BETWEEN;
        }
        i++;
        continue;
      }
      while (i < len) {
        const k = KIND[chunk[i]!]!;
        if (k === 0) {
          i++;
          continue;
        }
        if (k === K_QUOTE) {
          i++;
          inString = true;
          while (i < len) {
            const c = chunk[i++]!;
            if (c === BACKSLASH) {
              if (i < len) i++;
              else escapeNext = true;
            } else if (c === QUOTE) {
              inString = false;
              break;
            }
          }
          continue;
        }
        if (k === K_OPEN) depth++;
        else if (--depth === 0) {
          out.push(this.elemStart, this.pos + i + 1);
          state = BETWEEN;
          i++;
          break;
        }
        i++;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escapeNext = escapeNext;
    this.state = state;
    this.pos += len;
  }

  /** What is wrong when the input ends now, if anything. */
  endError(what: string | undefined): { error: string; offset: number } | undefined {
    if (this.state === ELEMENT) return { error: `unexpected end of input inside the element that starts at byte ${this.elemStart}`, offset: this.elemStart };
    if (this.state === SEEK_KEY || this.state === SEEK_ARRAY) return { error: what ? `no "${what}" array found` : 'no JSON array found', offset: this.pos };
    if (this.state === BETWEEN) return { error: `unexpected end of input at byte ${this.pos}: the array is not closed`, offset: this.pos };
    return undefined;
  }
}

/**
 * Yields runs of up to `maxElements` whole elements as raw bytes (see RawElements), and errors where
 * the input ends early. Whatever precedes the array ("window.YTD.tweets.part0 = ") is skipped. Memory
 * holds the chunks of one unfinished run only.
 */
export async function* jsonArrayRaw(input: Readable | AsyncIterable<Buffer>, maxElements: number, opts: ArrayStreamOptions = {}): AsyncGenerator<RawEvent> {
  const splitter = new ArraySplitter(opts.afterKey === undefined ? undefined : Buffer.from(`"${opts.afterKey}"`));
  // Chunks that hold bytes of the run being gathered (or of the element being scanned), with their absolute start.
  let held: Buffer[] = [];
  let heldStart: number[] = [];
  let runBounds: number[] = []; // absolute [start, end) of the elements of the run being gathered
  const ends: number[] = [];
  const cut = (): RawElements => {
    const start = runBounds[0]!;
    const end = runBounds[runBounds.length - 1]!;
    const bytes = Buffer.allocUnsafeSlow(end - start); // its own ArrayBuffer, so it can be transferred
    for (let k = 0; k < held.length; k++) {
      const c = held[k]!;
      const cs = heldStart[k]!;
      const from = Math.max(start, cs);
      const to = Math.min(end, cs + c.length);
      if (from < to) bytes.set(c.subarray(from - cs, to - cs), from - start);
    }
    const bounds = new Int32Array(runBounds.length);
    for (let k = 0; k < runBounds.length; k++) bounds[k] = runBounds[k]! - start;
    runBounds = [];
    return { bytes, offset: start, bounds };
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    const chunkStart = splitter.pos;
    ends.length = 0;
    splitter.scan(chunk, ends);
    held.push(chunk);
    heldStart.push(chunkStart);
    for (let k = 0; k < ends.length; k += 2) {
      runBounds.push(ends[k]!, ends[k + 1]!);
      if (runBounds.length >= maxElements * 2) yield cut();
    }
    // Keep only the chunks still needed: from the run's first element, or the element being scanned.
    const keepFrom = runBounds.length > 0 ? runBounds[0]! : splitter.inElement ? splitter.elemStart : splitter.pos;
    let drop = 0;
    while (drop < held.length && heldStart[drop]! + held[drop]!.length <= keepFrom) drop++;
    if (drop > 0) {
      held = held.slice(drop);
      heldStart = heldStart.slice(drop);
    }
  }
  if (runBounds.length > 0) yield cut();
  const err = splitter.endError(opts.afterKey);
  if (err !== undefined) yield err;
}

/**
 * Yields each top-level element of the array, parsed. A malformed element is reported with its byte
 * offset and the stream goes on; input that ends inside an element is reported as truncated at the
 * byte where the element began.
 */
export async function* jsonArrayElements(input: Readable | AsyncIterable<Buffer>, opts: ArrayStreamOptions = {}): AsyncGenerator<ArrayEvent> {
  for await (const ev of jsonArrayRaw(input, 64, opts)) {
    if ('error' in ev) {
      yield ev;
      continue;
    }
    yield* parseRawElements(ev);
  }
}

/**
 * Parses each element of a raw run; a malformed one becomes an error event naming its byte. Element by
 * element: decoding one 500 KB run to a string costs about twenty times more than its elements one by one.
 * Lazily, so a consumer that is done with an element before taking the next one lets it die young (an audit
 * worker's heap then holds one parsed element at a time, not a whole run of them).
 */
export function* parseRawElements(raw: RawElements): Generator<ArrayEvent> {
  const { bytes, bounds, offset } = raw;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < bounds.length; k += 2) {
    const at = offset + bounds[k]!;
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', bounds[k]!, bounds[k + 1]!));
    } catch (err) {
      yield { error: `malformed element at byte ${at}: ${(err as Error).message}`, offset: at };
      continue;
    }
    yield { value, offset: at };
  }
}
