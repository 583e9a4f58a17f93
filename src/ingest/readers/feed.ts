// RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed: items streamed with a SAX parser; malformed XML reported where it broke.
import { SaxesParser } from 'saxes';
import type { Archive } from '../archive.js';
import { htmlToText, toIso, type PostSource, type SourceItem } from '../source.js';

export function detectFeed(a: Archive): string | undefined {
  return a.files().find((f) => /\.(?:xml|rss|atom|rdf)$/i.test(f) || /feed\.json$/i.test(f));
}

/** Latin-1 feeds declare it: decode accordingly (saxes takes strings). */
function decode(buf: Buffer): string {
  const head = buf.subarray(0, 200).toString('latin1');
  const enc = /encoding=["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  if (enc && /iso-8859-1|latin-?1|windows-1252|cp1252/.test(enc)) return buf.toString('latin1');
  return buf.toString('utf8');
}

export function feedSource(a: Archive, file: string, network = 'blog'): PostSource {
  return {
    format: file.toLowerCase().endsWith('.json') ? 'json-feed' : 'rss-atom',
    description: `${a.root}${a.files().length > 1 ? ` (${file})` : ''}`,
    async *items() {
      const chunks: Buffer[] = [];
      // Feeds are small documents in practice; a JSON Feed needs its whole object anyway.
      for await (const c of await a.open(file)) chunks.push(c as Buffer);
      const text = decode(Buffer.concat(chunks));
      if (file.toLowerCase().endsWith('.json') || /^\s*\{/.test(text)) {
        let doc: { items?: Array<{ id?: string; url?: string; content_text?: string; content_html?: string; summary?: string; title?: string; date_published?: string; date_modified?: string; image?: string }> };
        try {
          doc = JSON.parse(text);
        } catch (err) {
          yield { error: true, where: file, message: `not valid JSON: ${(err as Error).message}` };
          return;
        }
        for (const [i, it] of (doc.items ?? []).entries()) {
          const body = it.content_text ?? (it.content_html ? htmlToText(it.content_html) : (it.summary ?? ''));
          const post: SourceItem = { id: it.id ?? it.url ?? String(i), text: [it.title, body].filter(Boolean).join('\n\n'), network };
          const at = toIso(it.date_published ?? it.date_modified);
          if (at !== undefined) post.postedAt = at;
          if (it.url) post.link = it.url;
          if (it.image) post.media = [{ url: it.image }];
          yield post;
        }
        return;
      }
      // A BOM or blank lines before the XML declaration are common in the wild; parsers that refuse them lose the feed.
      yield* parseXmlFeed(text.replace(/^\uFEFF?\s+/, '').replace(/^\uFEFF/, ''), file, network);
    },
  };
}

function* parseXmlFeed(xml: string, file: string, network: string): Generator<SourceItem> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const out: SourceItem[] = [];
  let item: Record<string, string> | null = null;
  let field: string | null = null;
  let buf = '';
  let count = 0;
  const ITEM = new Set(['item', 'entry']);
  parser.on('opentag', (t) => {
    const name = t.name.toLowerCase().replace(/^.*:/, (p) => (p === 'content:' || p === 'dc:' ? p : ''));
    if (ITEM.has(name)) {
      item = {};
      return;
    }
    if (item === null) return;
    if (name === 'link') {
      const href = t.attributes.href;
      const rel = t.attributes.rel;
      if (typeof href === 'string' && (rel === undefined || rel === 'alternate')) item.link ??= href;
    }
    field = name;
    buf = '';
  });
  parser.on('text', (s) => {
    if (item !== null && field !== null) buf += s;
  });
  parser.on('cdata', (s) => {
    if (item !== null && field !== null) buf += s;
  });
  parser.on('closetag', (t) => {
    const name = t.name.toLowerCase().replace(/^.*:/, (p) => (p === 'content:' || p === 'dc:' ? p : ''));
    if (item !== null && ITEM.has(name)) {
      count++;
      const body = item['content:encoded'] ?? item.content ?? item.description ?? item.summary ?? '';
      const post: SourceItem = { id: item.guid ?? item.id ?? item.link ?? `${file}#${count}`, text: [item.title, htmlToText(body)].filter((x) => x !== undefined && x !== '').join('\n\n'), network };
      const at = toIso(item.pubdate ?? item.published ?? item.updated ?? item['dc:date']);
      if (at !== undefined) post.postedAt = at;
      if (item.link) post.link = item.link.trim();
      out.push(post);
      item = null;
      return;
    }
    if (item !== null && field !== null) {
      if (!(name in item) || name !== 'link') item[name] = buf.trim();
      field = null;
    }
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    yield* out;
    yield { error: true, where: `${file}: line ${parser.line}, column ${parser.column}`, message: (err as Error).message.split('\n')[0] ?? 'malformed XML' };
    return;
  }
  yield* out;
}
