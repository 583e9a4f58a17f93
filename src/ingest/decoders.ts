// The element decoders of raw JSON runs (PostSource.rawRuns), by name, for the audit workers; and the one place that parses a run.
import { parseRawElements } from './json-array-stream.js';
import { decodeTweet } from './readers/x-archive.js';
import type { DecoderName, ElementDecoder, RawRun, SourceItem } from './source.js';

export const decoders: Record<DecoderName, ElementDecoder> = {
  'x-tweet': (value) => decodeTweet(value),
};

/** A raw run → its posts and read errors in file order, as the reader's items() would have yielded them. */
export function decodeRun(run: RawRun): SourceItem[] {
  const decode = decoders[run.decoder];
  const out: SourceItem[] = [];
  for (const ev of parseRawElements(run)) {
    if ('error' in ev) {
      out.push({ error: true, where: `${run.file}: byte ${ev.offset}`, message: ev.error });
      continue;
    }
    const p = decode(ev.value, run.file, ev.offset);
    if (p !== undefined) out.push(p);
  }
  return out;
}
