// Fetches monitored feeds politely: conditional GET, one request per host at a time with a gap, timeouts,
// retries with exponential backoff on 5xx / 429 / network errors, bounded redirects, a body size cap.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Archive } from './archive.js';
import { feedSource } from './readers/feed.js';
import { isSourceError, type SourcePost } from './source.js';

export interface FeedValidators {
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
}

export type FetchOutcome =
  | { status: 'ok'; httpStatus: number; url: string; body: Buffer; contentType: string | undefined; etag: string | undefined; lastModified: string | undefined; attempts: number }
  | { status: 'not-modified'; httpStatus: 304; url: string; attempts: number }
  | { status: 'error'; httpStatus: number | undefined; url: string; error: string; attempts: number };

export interface FeedFetcherOptions {
  /** Whole request including the body (default 15 s). */
  timeoutMs?: number | undefined;
  /** Largest body accepted (default 5 MB). */
  maxBytes?: number | undefined;
  /** Redirects followed (default 5). */
  maxRedirects?: number | undefined;
  /** Retries after a 5xx, 429 or network error (default 3). */
  retries?: number | undefined;
  /** First retry delay; doubles each time (default 1 s), capped at 60 s. */
  backoffMs?: number | undefined;
  /** Gap between the end of one request to a host and the start of the next (default 2 s). */
  minGapMs?: number | undefined;
  userAgent?: string | undefined;
  /**
   * Fetch feeds on loopback, private, link-local and other non-public addresses (default false): a staff member must not
   * be able to point the poller at the district's internal services or a cloud metadata endpoint. Districts that monitor
   * intranet sites turn it on (MONITOR_PRIVATE_NETWORKS=true).
   */
  allowPrivateNetworks?: boolean | undefined;
}

/** Addresses a feed may not resolve to unless private networks are allowed (IANA special-purpose registries). */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) NON_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** True when the address is not a public unicast address (IPv4-mapped IPv6 is judged as its IPv4). */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return NON_PUBLIC.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

interface HostLane {
  /** The tail of the chain of requests to this host. */
  tail: Promise<void>;
  lastEnd: number;
}

export class FeedFetcher {
  private readonly lanes = new Map<string, HostLane>();
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly retries: number;
  readonly backoffMs: number;
  readonly minGapMs: number;
  readonly userAgent: string;
  readonly allowPrivateNetworks: boolean;

  constructor(opts: FeedFetcherOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.maxRedirects = opts.maxRedirects ?? 5;
    this.retries = opts.retries ?? 3;
    this.backoffMs = opts.backoffMs ?? 1000;
    this.minGapMs = opts.minGapMs ?? 2000;
    this.userAgent = opts.userAgent ?? 'Clearpost feed monitor (Policy 471 IV.E)';
    this.allowPrivateNetworks = opts.allowPrivateNetworks ?? false;
  }

  /** Why this host may not be fetched, or undefined. Checked on every hop, so a redirect cannot lead inside either. */
  private async refusal(u: URL): Promise<string | undefined> {
    if (this.allowPrivateNetworks) return undefined;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    if (isIP(host) !== 0) addresses = [host];
    else {
      try {
        addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
      } catch (err) {
        return `cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
      }
    }
    const inside = addresses.find(isNonPublicAddress);
    return inside === undefined ? undefined : `refused: ${host} is a private or local address (${inside}); monitoring reaches only public sites unless MONITOR_PRIVATE_NETWORKS=true`;
  }

  /** Run `fn` in the host's lane: after the previous request to the host ended and the gap passed. */
  private async inLane<T>(host: string, fn: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(host);
    if (lane === undefined) {
      lane = { tail: Promise.resolve(), lastEnd: 0 };
      this.lanes.set(host, lane);
    }
    const l = lane;
    const prev = l.tail;
    let release!: () => void;
    l.tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      const wait = l.lastEnd + this.minGapMs - Date.now();
      if (l.lastEnd > 0 && wait > 0) await sleep(wait);
      return await fn();
    } finally {
      l.lastEnd = Date.now();
      release();
    }
  }

  /** GET a feed, conditionally when validators are given. Never throws for HTTP or network trouble: it says what happened. */
  async fetch(url: string, v: FeedValidators = {}): Promise<FetchOutcome> {
    let current = url;
    let attempts = 0;
    for (let hop = 0; ; hop++) {
      let u: URL;
      try {
        u = new URL(current);
      } catch {
        return { status: 'error', httpStatus: undefined, url: current, error: `not a URL: ${current}`, attempts };
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return { status: 'error', httpStatus: undefined, url: current, error: `only http and https are fetched (${u.protocol})`, attempts };
      const refused = await this.refusal(u);
      if (refused !== undefined) return { status: 'error', httpStatus: undefined, url: current, error: refused, attempts };
      let r: Attempt | undefined;
      for (let retry = 0; ; retry++) {
        attempts++;
        r = await this.inLane(u.host, () => this.once(u, v));
        const transient = r.kind === 'network' || (r.kind === 'response' && (r.status >= 500 || r.status === 429));
        if (!transient || retry >= this.retries) break;
        const retryAfter = r.kind === 'response' ? r.retryAfterMs : undefined;
        await sleep(Math.min(60_000, retryAfter ?? this.backoffMs * 2 ** retry));
      }
      if (r.kind === 'network') return { status: 'error', httpStatus: undefined, url: current, error: r.error, attempts };
      if (r.kind === 'redirect') {
        if (hop >= this.maxRedirects) return { status: 'error', httpStatus: r.status, url: current, error: `more than ${this.maxRedirects} redirects`, attempts };
        if (r.location === undefined) return { status: 'error', httpStatus: r.status, url: current, error: `redirect ${r.status} without a Location`, attempts };
        current = new URL(r.location, current).toString();
        continue;
      }
      if (r.kind === 'not-modified') return { status: 'not-modified', httpStatus: 304, url: current, attempts };
      if (r.kind === 'too-large') return { status: 'error', httpStatus: r.status, url: current, error: `the feed is larger than ${this.maxBytes} bytes`, attempts };
      if (r.status < 200 || r.status >= 300) return { status: 'error', httpStatus: r.status, url: current, error: `HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ''}`, attempts };
      return { status: 'ok', httpStatus: r.status, url: current, body: r.body, contentType: r.contentType, etag: r.etag, lastModified: r.lastModified, attempts };
    }
  }

  private async once(u: URL, v: FeedValidators): Promise<Attempt> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
    };
    if (v.etag) headers['if-none-match'] = v.etag;
    if (v.lastModified) headers['if-modified-since'] = v.lastModified;
    const signal = AbortSignal.timeout(this.timeoutMs);
    let res: Response;
    try {
      res = await fetch(u, { headers, redirect: 'manual', signal });
    } catch (err) {
      return { kind: 'network', error: describe(err, this.timeoutMs) };
    }
    try {
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel();
        return { kind: 'redirect', status: res.status, location: res.headers.get('location') ?? undefined };
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return { kind: 'not-modified' };
      }
      if (res.status < 200 || res.status >= 300) {
        await res.body?.cancel();
        const ra = res.headers.get('retry-after');
        const secs = ra !== null && /^\d+$/.test(ra) ? Number(ra) * 1000 : undefined;
        return { kind: 'response', status: res.status, statusText: res.statusText, retryAfterMs: secs, body: Buffer.alloc(0), contentType: undefined, etag: undefined, lastModified: undefined };
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > this.maxBytes) {
        await res.body?.cancel();
        return { kind: 'too-large', status: res.status };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      if (res.body !== null) {
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > this.maxBytes) {
            await reader.cancel();
            return { kind: 'too-large', status: res.status };
          }
          chunks.push(Buffer.from(value));
        }
      }
      return {
        kind: 'response',
        status: res.status,
        statusText: res.statusText,
        retryAfterMs: undefined,
        body: Buffer.concat(chunks),
        contentType: res.headers.get('content-type') ?? undefined,
        etag: res.headers.get('etag') ?? undefined,
        lastModified: res.headers.get('last-modified') ?? undefined,
      };
    } catch (err) {
      return { kind: 'network', error: describe(err, this.timeoutMs) };
    }
  }
}

type Attempt =
  | { kind: 'network'; error: string }
  | { kind: 'redirect'; status: number; location: string | undefined }
  | { kind: 'not-modified' }
  | { kind: 'too-large'; status: number }
  | { kind: 'response'; status: number; statusText: string; retryAfterMs: number | undefined; body: Buffer; contentType: string | undefined; etag: string | undefined; lastModified: string | undefined };

function describe(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no complete answer within ${timeoutMs} ms`;
  const cause = e.cause?.code ?? e.cause?.message;
  return cause !== undefined ? `network error: ${cause}` : `network error: ${e.message}`;
}

let shared: FeedFetcher | undefined;

/** The process's fetcher, so every poll in the process shares the per-host lanes. */
export function sharedFeedFetcher(): FeedFetcher {
  shared ??= new FeedFetcher();
  return shared;
}

/** Set the process's fetcher options once at start (`clearpost serve` passes the configuration). */
export function configureSharedFeedFetcher(opts: FeedFetcherOptions): FeedFetcher {
  shared = new FeedFetcher(opts);
  return shared;
}

/** The posts of a fetched feed body (RSS, Atom, RDF or JSON Feed) through the shared feed reader; what could not be read is said in `error`. */
export async function readFeedBody(raw: Buffer, contentType: string | undefined, url: string, network: string): Promise<{ posts: SourcePost[]; error: string | undefined }> {
  const body = toUtf8(raw, contentType);
  const head = body.subarray(0, 4096).toString('latin1');
  const json = /json/i.test(contentType ?? '') || /^\s*(?:\uFEFF|\xEF\xBB\xBF)?\s*\{/.test(head);
  if (!json && !/<(?:[\w-]+:)?(?:rss|feed|RDF)\b/.test(head)) {
    return { posts: [], error: `not an RSS, Atom or JSON feed${contentType ? ` (${contentType.split(';')[0]})` : ''}` };
  }
  const file = json ? 'feed.json' : 'feed.xml';
  const archive: Archive = { root: url, files: () => [file], open: async () => Readable.from([body]), size: () => body.length, close: () => {} };
  const posts: SourcePost[] = [];
  let error: string | undefined;
  for await (const item of feedSource(archive, file, network).items()) {
    if (isSourceError(item)) error = `${item.message} (${item.where.replace(/^feed\.(?:xml|json):?\s*/, '') || 'feed'})`;
    else posts.push(item);
  }
  return { posts, error };
}

/**
 * A feed's bytes as UTF-8 with its XML declaration saying so: the byte order mark first, then the
 * HTTP charset (it overrides the document's own declaration), then the XML declaration (EUC-KR, Big5,
 * Windows-1252 ...), else UTF-8. An encoding the runtime does not know is read as UTF-8.
 */
export function toUtf8(body: Buffer, contentType: string | undefined): Buffer {
  let label: string | undefined;
  let skip = 0;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) [label, skip] = ['utf-8', 3];
  else if (body[0] === 0xff && body[1] === 0xfe) [label, skip] = ['utf-16le', 2];
  else if (body[0] === 0xfe && body[1] === 0xff) [label, skip] = ['utf-16be', 2];
  label ??= /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  label ??= /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(body.subarray(0, 200).toString('latin1'))?.[1];
  if (label === undefined || /^utf-?8$/i.test(label)) return skip === 0 ? body : body.subarray(skip);
  let text: string;
  if (/^(?:windows-1252|cp1252|iso-8859-1|iso8859-1|latin-?1|l1|us-ascii|ascii)$/i.test(label)) text = decodeWindows1252(body.subarray(skip));
  else
    try {
      text = new TextDecoder(label).decode(body.subarray(skip));
    } catch {
      return body;
    }
  return Buffer.from(text.replace(/^(\s*<\?xml[^>]*\bencoding\s*=\s*["'])[\w.:-]+(["'])/i, '$1utf-8$2'), 'utf8');
}

/** Windows-1252 bytes 0x80-0x9F (curly quotes, dashes, euro ...); Node 20's TextDecoder reads them as Latin-1 controls. */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Windows-1252 (what browsers use for ISO-8859-1 and US-ASCII labels too, per the WHATWG Encoding standard). */
function decodeWindows1252(b: Buffer): string {
  const latin1 = b.toString('latin1');
  return /[\u0080-\u009f]/.test(latin1) ? latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : latin1;
}
