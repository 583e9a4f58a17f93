// A feed server on loopback for the monitoring suites: routes answer with real feeds (read in place from
// ../shared/data/feeds), 304 on matching validators, errors, slow bodies and redirects; every request is logged.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const FEEDS = path.resolve(import.meta.dirname, '../../../shared/data/feeds');
export const feedFile = (rel: string) => fs.readFileSync(path.join(FEEDS, rel));

export interface Logged {
  path: string;
  at: number;
  end: number;
  headers: http.IncomingHttpHeaders;
  status: number;
}

export type Route = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void | Promise<void>;

export interface FeedServer {
  /** http://127.0.0.1:port */
  url: string;
  log: Logged[];
  route(p: string, r: Route): void;
  /** Most requests in flight at once, over the server's life. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/** Serve bytes with an ETag and Last-Modified; a request carrying either validator gets 304. */
export function feedRoute(body: Buffer | (() => Buffer), opts: { etag?: string | (() => string); lastModified?: string; type?: string } = {}): Route {
  return (req, res) => {
    const etag = typeof opts.etag === 'function' ? opts.etag() : opts.etag;
    if ((etag !== undefined && req.headers['if-none-match'] === etag) || (opts.lastModified !== undefined && req.headers['if-modified-since'] === opts.lastModified)) {
      res.writeHead(304);
      res.end();
      return;
    }
    const b = typeof body === 'function' ? body() : body;
    const h: Record<string, string> = { 'content-type': opts.type ?? 'application/rss+xml', 'content-length': String(b.length) };
    if (etag !== undefined) h.etag = etag;
    if (opts.lastModified !== undefined) h['last-modified'] = opts.lastModified;
    res.writeHead(200, h);
    res.end(b);
  };
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const counts = new Map<string, number>();
  const log: Logged[] = [];
  let inFlight = 0;
  let max = 0;
  const server = http.createServer((req, res) => {
    const p = (req.url ?? '/').split('?')[0]!;
    const entry: Logged = { path: p, at: Date.now(), end: 0, headers: req.headers, status: 0 };
    log.push(entry);
    inFlight++;
    max = Math.max(max, inFlight);
    res.on('close', () => {
      inFlight--;
      entry.end = Date.now();
      entry.status = res.statusCode;
    });
    const n = (counts.get(p) ?? 0) + 1;
    counts.set(p, n);
    const r = routes.get(p);
    if (r === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    void Promise.resolve(r(req, res, n)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    route: (p, r) => routes.set(p, r),
    maxInFlight: () => max,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An RSS 2.0 document of the given items (for cases no real feed covers: flagged text, a huge item). */
export function rss(items: Array<{ guid: string; title?: string; text: string; link?: string; pubDate?: string }>): Buffer {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = items
    .map((i) => `<item><guid>${esc(i.guid)}</guid>${i.title ? `<title>${esc(i.title)}</title>` : ''}<description>${esc(i.text)}</description>${i.link ? `<link>${esc(i.link)}</link>` : ''}${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}</item>`)
    .join('');
  return Buffer.from(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>test</title>${body}</channel></rss>`, 'utf8');
}
