// Bluesky repository exports (CAR v1 of DAG-CBOR blocks): every app.bsky.feed.post record, streamed block by block.
import { CarBlockIterator } from '@ipld/car/iterator';
import * as dagCbor from '@ipld/dag-cbor';
import type { Archive } from '../archive.js';
import { toIso, type PostSource, type SourceItem } from '../source.js';

export function detectBluesky(a: Archive): string[] {
  return a.files().filter((f) => f.endsWith('.car')).sort();
}

interface PostRecord {
  $type?: string;
  text?: string;
  createdAt?: string;
  embed?: { images?: Array<{ alt?: string }> };
}

export function blueskySource(a: Archive, files: string[]): PostSource {
  return {
    format: 'bluesky-car',
    description: `${a.root} (${files.join(', ')})`,
    async *items() {
      for (const f of files) {
        let n = 0;
        let did: string | undefined;
        try {
          const blocks = await CarBlockIterator.fromIterable((await a.open(f)) as AsyncIterable<Uint8Array>);
          for await (const block of blocks) {
            n++;
            let rec: unknown;
            try {
              rec = dagCbor.decode(block.bytes);
            } catch {
              continue; // not every block is a record (MST nodes may use other codecs in the future)
            }
            if (typeof rec !== 'object' || rec === null) continue;
            const r = rec as PostRecord & { did?: string; version?: number };
            if (r.did !== undefined && r.version !== undefined) did = r.did;
            if (r.$type !== 'app.bsky.feed.post' || typeof r.text !== 'string') continue;
            const post: SourceItem = { id: block.cid.toString(), text: r.text, network: 'bluesky' };
            const at = toIso(r.createdAt);
            if (at !== undefined) post.postedAt = at;
            if (did !== undefined) post.link = `https://bsky.app/profile/${did}`;
            const alts = (r.embed?.images ?? []).map((i) => ({ alt: i.alt ?? '' }));
            if (alts.length > 0) post.media = alts;
            yield post;
          }
        } catch (err) {
          yield { error: true, where: `${f}: block ${n + 1}`, message: (err as Error).message };
        }
      }
    },
  };
}
