// The element decoders of raw JSON runs (PostSource.rawRuns), by name, for the audit workers; and the one place that parses a run.
import { parseRawElements } from './json-array-stream.js';
import { decodeTweet } from './readers/x-archive.js';
import type { DecoderName, ElementDecoder, RawRun, SourceItem } from './source.js';

export const decoders: Record<DecoderName, ElementDecoder> = {
  'x-tweet': (value) => decodeTweet(value),
};

/**
 * A raw run → its posts and read errors in file order, as the reader's items() would have yielded them; one at a
 * time (an audit worker checks each post before the next element is parsed, so none of them outlives its check).
 */
export function* decodeRun(run: RawRun): Generator<SourceItem> {
  const decode = decoders[run.decoder];
  for (const ev of parseRawElements(run)) {
    if ('error' in ev) {
      yield { error: true, where: `${run.file}: byte ${ev.offset}`, message: ev.error };
      continue;
    }
    const p = decode(ev.value, run.file, ev.offset);
    if (p !== undefined) yield p;
  }
}
