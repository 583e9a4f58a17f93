// Every reader on the real third-party samples in ../shared/data (read in place, never copied).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSource } from '../../src/ingest/detect.js';
import { isSourceError, type SourceError, type SourcePost } from '../../src/ingest/source.js';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');

async function readAll(p: string): Promise<{ format: string; posts: SourcePost[]; errors: SourceError[] }> {
  const { source, archive } = await openSource(p);
  const posts: SourcePost[] = [];
  const errors: SourceError[] = [];
  try {
    for await (const it of source.items()) (isSourceError(it) ? errors : posts).push(it as never);
  } finally {
    archive.close();
  }
  return { format: source.format, posts, errors };
}

describe('archive and feed readers on real samples', () => {
  it('X archive (2026 tweets.js, folder)', async () => {
    const r = await readAll(path.join(DATA, 'social-exports/x-archive-milahu104'));
    expect(r.format).toBe('x-archive');
    expect(r.posts).toHaveLength(276);
    expect(r.errors).toEqual([]);
    expect(r.posts.every((p) => p.network === 'x' && /^\d{4}-\d{2}-\d{2}T/.test(p.postedAt ?? ''))).toBe(true);
    expect(r.posts.some((p) => p.text.includes('fiatmaxxing'))).toBe(true);
  });
  it('X archive (2019 tweet.js shape, legacy CSV, Grailbird)', async () => {
    const a = await readAll(path.join(DATA, 'social-exports/x-archive-2019-koenrh-delete-tweets'));
    expect(a.posts[0]?.text).toContain('Another week, another Cisco backdoor');
    expect(a.posts[0]?.postedAt).toBe('2019-05-02T18:30:57.000Z');
    const c = await readAll(path.join(DATA, 'social-exports/x-archive-2019-koenrh-delete-tweets/tweets.csv'));
    expect(c.format).toBe('x-archive-csv');
    expect(c.posts.map((p) => p.text)).toEqual(['Tweet']);
    const g = await readAll(path.join(DATA, 'social-exports/x-archive-legacy-grailbird-glennjones'));
    expect(g.format).toBe('x-archive-grailbird');
    expect(g.posts[0]?.text).toBe('This is a test tweet in a test archieve file');
  });
  it('Mastodon outbox with HTML content and attachments', async () => {
    const r = await readAll(path.join(DATA, 'social-exports/mastodon-fossilizer/mastodon-export'));
    expect(r.format).toBe('mastodon-outbox');
    expect(r.posts.length).toBeGreaterThan(10);
    expect(r.posts[0]?.text).toBe('Just setting up another tooter!');
    expect(r.posts.every((p) => !/<[a-z]/.test(p.text))).toBe(true);
  });
  it('Instagram and Facebook DYI zips', async () => {
    const ig = await readAll(path.join(DATA, 'social-exports/instagram-facebook-hestialabs/instagramV2.zip'));
    expect(ig.format).toBe('instagram-dyi');
    expect(ig.posts.length).toBe(203);
    expect(ig.posts[0]?.text).toBe('Cover task artist left less pretty.');
    const fb = await readAll(path.join(DATA, 'social-exports/instagram-facebook-hestialabs/facebook.zip'));
    expect(fb.format).toBe('facebook-dyi');
    expect(fb.errors[0]?.message).toMatch(/no posts file/);
  });
  it('Bluesky repository CAR', async () => {
    const r = await readAll(path.join(DATA, 'social-exports/bluesky-repo-car-indigo/bnewbold.robocracy.org.20250310005405.car'));
    expect(r.format).toBe('bluesky-car');
    expect(r.posts.length).toBeGreaterThan(5);
    expect(r.posts.some((p) => p.text === 'hello from atproto golang oauth client')).toBe(true);
  });
  it('RSS 2.0, RSS 1.0, Atom and JSON Feed, Latin-1 included', async () => {
    const rss = await readAll(path.join(DATA, 'feeds/rss-parser/test-input/craigslist.rss'));
    expect(rss.posts).toHaveLength(25);
    const enc = await readAll(path.join(DATA, 'feeds/rss-parser/test-input/encoding.rss'));
    expect(enc.posts[0]?.text).toContain('Mãe de utente');
    const atom = await readAll(path.join(DATA, 'feeds/rss-parser/test-input/heise.atom'));
    expect(atom.posts).toHaveLength(15);
    const json = await readAll(path.join(DATA, 'feeds/feed-rs/fixture/jsonfeed/jsonfeed_spec_1.json'));
    expect(json.format).toBe('json-feed');
    expect(json.posts[0]?.text).toContain('Announcing JSON Feed');
    const iso = await readAll(path.join(DATA, 'feeds/feed-rs/fixture/rss1/rss_1.0_iso8859.xml'));
    expect(iso.posts[0]?.text).toContain('Glasfaserförder');
  });
  it('reports where a malformed or truncated file broke, and keeps what it read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-ingest-'));
    const src = fs.readFileSync(path.join(DATA, 'social-exports/x-archive-milahu104/data/tweets.js'));
    const cut = path.join(dir, 'tweets.js');
    fs.writeFileSync(cut, src.subarray(0, Math.floor(src.length / 2)));
    const r = await readAll(cut);
    expect(r.posts.length).toBeGreaterThan(100);
    expect(r.posts.length).toBeLessThan(276);
    expect(r.errors[0]?.where).toMatch(/tweets\.js: byte \d+/);
    const bad = path.join(dir, 'feed.xml');
    fs.writeFileSync(bad, '<?xml version="1.0"?><rss><channel><item><title>One</title></item><item><title>Two</title></channel></rss>');
    const x = await readAll(bad);
    expect(x.posts.map((p) => p.text)).toContain('One');
    expect(x.errors[0]?.where).toMatch(/feed\.xml: line 1, column \d+/);
    fs.rmSync(dir, { recursive: true });
  });
  it('refuses what it cannot read, naming the path', async () => {
    await expect(openSource(path.join(DATA, 'feeds/feed-rs/fixture/jsonfeed/jsonfeed_spec_1.serde.json'))).rejects.toThrow(/path: .* is not an archive or feed/);
    await expect(openSource('/nonexistent/archive.zip')).rejects.toThrow(/does not exist/);
  });
});
