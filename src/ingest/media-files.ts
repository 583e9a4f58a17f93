// Where a post's media lies inside its export, when the export carries the files: Instagram and Facebook name them by
// their path in the export (media/posts/202407/xyz.jpg), Mastodon by theirs (media_attachments/files/...), X by the
// address the photo had online (pbs.twimg.com/media/NAME.jpg), saved as data/tweets_media/<tweet id>-NAME.jpg.
import type { Archive } from './archive.js';
import type { SourcePost } from './source.js';

/** File names read as photos (what src/images/decode.ts accepts, HEIC included so it is refused with its reason). */
export const PHOTO_FILE = /\.(jpe?g|png|webp|gif|tiff?|avif|heic|heif)$/i;

export type Media = NonNullable<SourcePost['media']>[number];

export interface MediaIndex {
  /** The archive file holding this photo, or undefined when the export does not carry it. */
  resolve(post: SourcePost, m: Media): string | undefined;
}

/** Whether a media entry names a photo (by its file name): videos and links are not analysed. */
export function isPhoto(m: Media): boolean {
  const name = (m.path ?? m.url ?? '').split(/[?#]/)[0]!;
  return PHOTO_FILE.test(name);
}

/**
 * An index of the archive's photo files. A path is looked up as given and below any one top folder (zips often hold
 * the export in a folder of its own: "Facebook-fake-data/media/..."); an X photo by "<tweet id>-<file name>" in a
 * tweets_media folder.
 */
export function mediaIndex(a: Archive): MediaIndex {
  const exact = new Map<string, string>();
  const tweets = new Map<string, string>();
  for (const f of a.files()) {
    if (!PHOTO_FILE.test(f)) continue;
    exact.set(f, f);
    const slash = f.indexOf('/');
    if (slash > 0 && !exact.has(f.slice(slash + 1))) exact.set(f.slice(slash + 1), f);
    const m = /(?:^|\/)tweets_media\/([^/]+)$/.exec(f);
    if (m) tweets.set(m[1]!, f);
  }
  return {
    resolve(post, m) {
      if (m.path !== undefined) {
        const p = m.path.replace(/^\.?\//, '');
        return exact.get(p);
      }
      if (m.url !== undefined && /^https?:\/\/pbs\.twimg\.com\/media\//.test(m.url)) {
        const name = m.url.split(/[?#]/)[0]!.split('/').pop()!;
        return tweets.get(`${post.id}-${name}`);
      }
      return undefined;
    },
  };
}

/** Read a whole file of an archive as bytes. */
export async function readBytes(a: Archive, f: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await a.open(f)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
