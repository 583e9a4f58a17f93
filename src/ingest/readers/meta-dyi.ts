// Facebook and Instagram "Download your information" exports (JSON): posts with their text, time and media; Facebook's mojibake repaired.
import type { Archive } from '../archive.js';
import { jsonArrayElements } from '../json-array-stream.js';
import { toIso, type PostSource, type SourceItem } from '../source.js';

const FB_POSTS = /(?:^|\/)(?:your_posts(?:__check_ins__photos_and_videos)?_\d+|your_posts)\.json$/;
const IG_POSTS = /(?:^|\/)content\/posts_\d+\.json$|(?:^|\/)your_instagram_activity\/content\/posts_\d+\.json$|(?:^|\/)media\/posts_\d+\.json$/;

export function detectMeta(a: Archive): { network: 'facebook' | 'instagram'; files: string[] } | undefined {
  const files = a.files();
  const ig = files.filter((f) => IG_POSTS.test(f)).sort();
  if (ig.length > 0) return { network: 'instagram', files: ig };
  const fb = files.filter((f) => FB_POSTS.test(f)).sort();
  if (fb.length > 0) return { network: 'facebook', files: fb };
  return undefined;
}

/**
 * Meta writes UTF-8 text as if each byte were a Latin-1 character ("cafÃ©" for "café").
 * Re-read such strings as UTF-8; strings that do not decode cleanly are left as they are.
 */
export function repairMojibake(s: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(s)) return s;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return s;
  const fixed = Buffer.from(s, 'latin1').toString('utf8');
  return fixed.includes('\ufffd') ? s : fixed;
}

interface FbPost {
  timestamp?: number;
  data?: Array<{ post?: string; update_timestamp?: number }>;
  title?: string;
  attachments?: Array<{ data?: Array<{ media?: { uri?: string; description?: string; title?: string }; external_context?: { url?: string } }> }>;
}
interface IgPost {
  media?: Array<{ uri?: string; title?: string; creation_timestamp?: number }>;
  title?: string;
  creation_timestamp?: number;
}

export function metaSource(a: Archive, network: 'facebook' | 'instagram', files: string[]): PostSource {
  return {
    format: network === 'facebook' ? 'facebook-dyi' : 'instagram-dyi',
    description: `${a.root} (${files.join(', ')})`,
    async *items() {
      if (files.length === 0) yield { error: true, where: a.root, message: `no posts file in this ${network === 'facebook' ? 'Facebook' : 'Instagram'} export (your_posts_*.json / content/posts_*.json)` };
      for (const f of files) {
        for await (const ev of jsonArrayElements(await a.open(f))) {
          if ('error' in ev) {
            yield { error: true, where: `${f}: byte ${ev.offset}`, message: ev.error };
            continue;
          }
          if (network === 'facebook') {
            const p = ev.value as FbPost;
            const text = repairMojibake((p.data ?? []).map((d) => d.post ?? '').filter(Boolean).join('\n'));
            const media = (p.attachments ?? []).flatMap((x) => x.data ?? []).flatMap((d) => (d.media?.uri ? [{ path: d.media.uri, ...(d.media.description ? { alt: repairMojibake(d.media.description) } : {}) }] : []));
            const link = (p.attachments ?? []).flatMap((x) => x.data ?? []).find((d) => d.external_context?.url)?.external_context?.url;
            if (text === '' && media.length === 0) continue;
            const post: SourceItem = { id: `${f}#${ev.offset}`, text, network: 'facebook' };
            const at = toIso(p.timestamp);
            if (at !== undefined) post.postedAt = at;
            if (link !== undefined) post.link = link;
            if (media.length > 0) post.media = media;
            yield post;
          } else {
            const p = ev.value as IgPost;
            const first = p.media?.[0];
            const text = repairMojibake(p.title ?? first?.title ?? '');
            const media = (p.media ?? []).flatMap((m) => (m.uri ? [{ path: m.uri }] : []));
            const post: SourceItem = { id: `${f}#${ev.offset}`, text, network: 'instagram' };
            const at = toIso(p.creation_timestamp ?? first?.creation_timestamp);
            if (at !== undefined) post.postedAt = at;
            if (media.length > 0) post.media = media;
            yield post;
          }
        }
      }
    },
  };
}
