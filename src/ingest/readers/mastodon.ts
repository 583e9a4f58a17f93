// Mastodon / ActivityPub exports: outbox.json (Create activities with Note objects) and their media attachments.
import type { Archive } from '../archive.js';
import { jsonArrayElements } from '../json-array-stream.js';
import { htmlToText, toIso, type PostSource, type SourceItem } from '../source.js';

export function detectMastodon(a: Archive): string | undefined {
  return a.files().find((f) => /(?:^|\/)outbox\.json$/.test(f));
}

interface Activity {
  type?: string;
  id?: string;
  published?: string;
  object?: { id?: string; url?: string; content?: string; contentMap?: Record<string, string>; summary?: string | null; published?: string; attachment?: Array<{ url?: string; name?: string | null; mediaType?: string }> } | string;
}

export function mastodonSource(a: Archive, file: string): PostSource {
  const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  return {
    format: 'mastodon-outbox',
    description: `${a.root} (${file})`,
    async *items() {
      for await (const ev of jsonArrayElements(await a.open(file), { afterKey: 'orderedItems' })) {
        if ('error' in ev) {
          yield { error: true, where: `${file}: byte ${ev.offset}`, message: ev.error };
          continue;
        }
        const act = ev.value as Activity;
        // Boosts (Announce) are someone else's words; only the author's own notes are checked.
        if (act.type !== 'Create' || typeof act.object !== 'object' || act.object === null) continue;
        const o = act.object;
        const html = o.content ?? Object.values(o.contentMap ?? {})[0] ?? '';
        const cw = o.summary ? `${o.summary}\n\n` : '';
        const post: SourceItem = { id: o.id ?? act.id ?? String(ev.offset), text: cw + htmlToText(html), network: 'mastodon' };
        const at = toIso(o.published ?? act.published);
        if (at !== undefined) post.postedAt = at;
        if (o.url ?? o.id) post.link = o.url ?? o.id!;
        const media = (o.attachment ?? []).map((m) => {
          const x: { path?: string; url?: string; alt?: string } = {};
          if (m.url) {
            if (/^https?:/.test(m.url)) x.url = m.url;
            else x.path = base + m.url.replace(/^\//, '');
          }
          if (m.name) x.alt = m.name;
          return x;
        });
        if (media.length > 0) post.media = media;
        yield post;
      }
    },
  };
}
