// Streams the elements of one big JSON array (tweets.js, outbox.json ...) with bounded memory: a byte scanner cuts elements, JSON.parse reads each.
import type { Readable } from 'node:stream';

export type ArrayEvent = { value: unknown; offset: number } | { error: string; offset: number };

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

/**
 * Yields each top-level element of the array. Whatever precedes the array ("window.YTD.tweets.part0 = ")
 * is skipped. A malformed element is reported with its byte offset and the stream goes on; input that
 * ends inside an element is reported as truncated at the byte where the element began.
 */
export async function* jsonArrayElements(input: Readable | AsyncIterable<Buffer>, opts: ArrayStreamOptions = {}): AsyncGenerator<ArrayEvent> {
  const key = opts.afterKey === undefined ? undefined : Buffer.from(`"${opts.afterKey}"`);
  let state: 'seek-key' | 'seek-array' | 'between' | 'element' | 'done' = key ? 'seek-key' : 'seek-array';
  let pos = 0; // absolute byte offset of the current chunk's start
  let seekTail = Buffer.alloc(0);
  let parts: Buffer[] = [];
  let elemStart = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false; // a top-level element that is a number, string, true/false/null
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let i = 0;
    if (state === 'seek-key' && key !== undefined) {
      const hay = Buffer.concat([seekTail, chunk]);
      const at = hay.indexOf(key);
      if (at < 0) {
        seekTail = hay.subarray(Math.max(0, hay.length - key.length));
        pos += chunk.length;
        continue;
      }
      i = at + key.length - seekTail.length;
      state = 'seek-array';
    }
    let segStart = -1;
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (state === 'seek-array') {
        if (b === OPEN_BRACKET) state = 'between';
        continue;
      }
      if (state === 'done') break;
      if (state === 'between') {
        if (b === CLOSE_BRACKET) {
          state = 'done';
          break;
        }
        if (b === COMMA || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
        state = 'element';
        elemStart = pos + i;
        segStart = i;
        parts = [];
        depth = 0;
        inString = false;
        escaped = false;
        scalar = b !== OPEN_BRACE && b !== OPEN_BRACKET;
        if (b === QUOTE) inString = true;
        else if (!scalar) depth = 1;
        continue;
      }
      // state === 'element'
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (scalar && depth === 0) {
            // a top-level string element ends here
          }
        }
        continue;
      }
      if (b === QUOTE) {
        inString = true;
        continue;
      }
      let end = false;
      if (scalar) {
        if (b === COMMA || b === CLOSE_BRACKET || b === 0x0a || b === 0x0d || b === 0x20) {
          end = true;
          const piece = chunk.subarray(segStart < 0 ? 0 : segStart, i);
          parts.push(piece);
          const text = Buffer.concat(parts).toString('utf8');
          yield parseElement(text, elemStart);
          state = b === CLOSE_BRACKET ? 'done' : 'between';
          segStart = -1;
          continue;
        }
        continue;
      }
      if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) end = true;
      }
      if (end) {
        parts.push(chunk.subarray(segStart < 0 ? 0 : segStart, i + 1));
        yield parseElement(Buffer.concat(parts).toString('utf8'), elemStart);
        parts = [];
        state = 'between';
        segStart = -1;
      }
    }
    if (state === 'element') parts.push(chunk.subarray(segStart < 0 ? 0 : segStart));
    pos += chunk.length;
  }
  if (state === 'element') yield { error: `unexpected end of input inside the element that starts at byte ${elemStart}`, offset: elemStart };
  else if (state === 'seek-key' || state === 'seek-array') yield { error: key ? `no "${opts.afterKey}" array found` : 'no JSON array found', offset: pos };
  else if (state === 'between') yield { error: `unexpected end of input at byte ${pos}: the array is not closed`, offset: pos };
}

function parseElement(text: string, offset: number): ArrayEvent {
  try {
    return { value: JSON.parse(text), offset };
  } catch (err) {
    return { error: `malformed element at byte ${offset}: ${(err as Error).message}`, offset };
  }
}
