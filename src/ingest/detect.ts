// Recognises what an archive or file is and opens the right reader: X, Mastodon, Facebook/Instagram, Bluesky, feeds, CSV.
import fs from 'node:fs';
import path from 'node:path';
import { ClearpostError } from '../core/errors.js';
import { openArchive, type Archive } from './archive.js';
import { blueskySource, detectBluesky } from './readers/bluesky.js';
import { csvSource } from './readers/csv.js';
import { detectFeed, feedSource } from './readers/feed.js';
import { detectMastodon, mastodonSource } from './readers/mastodon.js';
import { detectMeta, metaSource } from './readers/meta-dyi.js';
import { detectXArchive, xArchiveSource } from './readers/x-archive.js';
import type { PostSource } from './source.js';

/** A single file seen as an archive of one file. */
function singleFile(p: string): Archive {
  const name = path.basename(p);
  return {
    root: p,
    files: () => [name],
    open: async () => fs.createReadStream(p, { highWaterMark: 1 << 20 }),
    size: () => fs.statSync(p).size,
    close: () => {},
  };
}

async function sniff(p: string): Promise<string> {
  const fd = fs.openSync(p, 'r');
  try {
    const b = Buffer.alloc(512);
    const n = fs.readSync(fd, b, 0, 512, 0);
    return b.subarray(0, n).toString('latin1');
  } finally {
    fs.closeSync(fd);
  }
}

export async function openSource(p: string): Promise<{ source: PostSource; archive: Archive }> {
  if (!fs.existsSync(p)) throw new ClearpostError('invalid-request', `path: ${p} does not exist`, 'path');
  const st = fs.statSync(p);
  let archive: Archive;
  if (st.isDirectory()) archive = await openArchive(p);
  else {
    const head = await sniff(p);
    if (head.startsWith('PK')) archive = await openArchive(p);
    else {
      archive = singleFile(p);
      const lower = p.toLowerCase();
      if (lower.endsWith('.car')) return { source: blueskySource(archive, archive.files()), archive };
      if (lower.endsWith('.csv')) {
        if (/tweet_id/.test(head)) return { source: xArchiveSource(archive, archive.files()), archive };
        return { source: csvSource(archive, archive.files()[0]!), archive };
      }
      if (/^\s*window\.YTD\.|^\s*Grailbird\./.test(head)) return { source: xArchiveSource(archive, archive.files()), archive };
      if (/"orderedItems"|"@context"/.test(head)) return { source: mastodonSource(archive, archive.files()[0]!), archive };
      if (/<(rss|feed|rdf:RDF)\b|<\?xml/i.test(head) || /"version"\s*:\s*"https:\/\/jsonfeed\.org/.test(head)) return { source: feedSource(archive, archive.files()[0]!), archive };
      if (/^\s*\[/.test(head) && /"media"|"creation_timestamp"/.test(head)) return { source: metaSource(archive, 'instagram', archive.files()), archive };
      if (/^\s*\[/.test(head) && /"timestamp"/.test(head)) return { source: metaSource(archive, 'facebook', archive.files()), archive };
      throw new ClearpostError('invalid-request', `path: ${p} is not an archive or feed Clearpost can read (X, Mastodon, Facebook, Instagram, Bluesky, RSS, Atom, JSON Feed, CSV)`, 'path');
    }
  }
  const x = detectXArchive(archive);
  if (x.length > 0) return { source: xArchiveSource(archive, x), archive };
  const m = detectMastodon(archive);
  if (m !== undefined) return { source: mastodonSource(archive, m), archive };
  const meta = detectMeta(archive);
  if (meta !== undefined) return { source: metaSource(archive, meta.network, meta.files), archive };
  // A Meta export without any posts file is still a Meta export: say so instead of guessing another format.
  if (archive.files().some((f) => /(?:^|\/)(?:apps_and_websites_off_of_facebook|your_facebook_activity|your_instagram_activity|personal_information|ads_information)\//.test(f))) {
    return { source: metaSource(archive, archive.files().some((f) => /facebook/i.test(f)) ? 'facebook' : 'instagram', []), archive };
  }
  const car = detectBluesky(archive);
  if (car.length > 0) return { source: blueskySource(archive, car), archive };
  const feed = detectFeed(archive);
  if (feed !== undefined) return { source: feedSource(archive, feed), archive };
  archive.close();
  throw new ClearpostError('invalid-request', `path: nothing in ${p} looks like an X, Mastodon, Facebook, Instagram or Bluesky export, or a feed`, 'path');
}
