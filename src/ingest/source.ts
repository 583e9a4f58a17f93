// What every archive or feed reader yields: posts in one shape, and read errors that say where the input broke.
import type { PostImage } from '../contracts/check.js';
import type { RawElements } from './json-array-stream.js';

export interface SourcePost {
  /** Stable id within the source (tweet id, status URL, item guid ...). */
  id: string;
  /** ISO 8601 with offset, when the source says. */
  postedAt?: string;
  text: string;
  link?: string;
  network: string;
  media?: Array<{ path?: string; url?: string; alt?: string }>;
  /** Photos of `media` the export carries, analysed (`clearpost audit --photos`): checked like uploaded photos. */
  images?: PostImage[];
}

export interface SourceError {
  error: true;
  /** Where it broke: file, and byte offset, line or item index when known. */
  where: string;
  message: string;
}

export type SourceItem = SourcePost | SourceError;

export interface PostSource {
  /** Format name, e.g. "x-archive", "mastodon-outbox", "rss". */
  readonly format: string;
  /** What was opened, for reports. */
  readonly description: string;
  items(): AsyncIterable<SourceItem>;
  /**
   * The same posts as runs of raw JSON array elements, when the source is big JSON arrays: an audit
   * sends the bytes to its workers, which parse and decode them (ingest/decoders.ts), so the main
   * thread only cuts. Read errors where a file ends early come in order between the runs.
   */
  rawRuns?(maxElements: number): AsyncIterable<RawRun | SourceError>;
}

/** Raw elements of one file, with the name of the decoder that turns one parsed element into a post. */
export interface RawRun extends RawElements {
  decoder: DecoderName;
  file: string;
}

export type DecoderName = 'x-tweet';

/** One parsed element → a post (undefined: not a post, skipped); offset is the element's byte in the file. */
export type ElementDecoder = (value: unknown, file: string, offset: number) => SourcePost | undefined;

export function isSourceError(x: SourceItem): x is SourceError {
  return (x as SourceError).error === true;
}

/** Collapse an HTML fragment (ActivityPub content, RSS descriptions) to plain text. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (m, e: string) => {
      const k = e.toLowerCase();
      if (k === 'amp') return '&';
      if (k === 'lt') return '<';
      if (k === 'gt') return '>';
      if (k === 'quot') return '"';
      if (k === 'apos') return "'";
      if (k === 'nbsp') return ' ';
      const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    })
    .trim();
}

/** Any date string a source uses ("Wed Mar 04 14:02:05 +0000 2026", RFC 822, ISO) → ISO 8601, or undefined. */
export function toIso(value: unknown): string | undefined {
  if (typeof value === 'number') {
    const ms = value < 1e12 ? value * 1000 : value;
    return new Date(ms).toISOString();
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const v = value.trim();
  // Twitter's "Wed Mar 04 14:02:05 +0000 2026".
  const tw = /^\w{3} (\w{3}) (\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{4}) (\d{4})$/.exec(v);
  const d = tw ? new Date(`${tw[1]} ${tw[2]} ${tw[5]} ${tw[3]} GMT${tw[4]}`) : new Date(v.replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{4})$/, '$1T$2$3'));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
