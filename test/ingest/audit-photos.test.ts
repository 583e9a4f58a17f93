// `clearpost audit --photos`: the photos posts reference are analysed when the export carries the files (Instagram by
// path, X by tweets_media/<tweet id>-<name>), missing ones counted, a broken one a read error naming its file; the real
// exports in ../shared/data reference media but carry none (read in place, never copied). Photos: the face-api demo
// photos (src/images/TEST-IMAGES.md), copied into a temporary export made by this test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditArchive, type AuditOptions } from '../../src/app/audit-archive.js';
import { createImageAnalyzer, type ImageAnalyzer } from '../../src/images/image-pool.js';
import { demoPhoto } from '../support/images.js';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data/social-exports');

describe('auditArchive with photos', () => {
  let images: ImageAnalyzer;
  let photos: NonNullable<AuditOptions['photos']>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-audit-photos-'));
  beforeAll(() => {
    images = createImageAnalyzer(1, { nice: false });
    photos = async (bytes, field) => (await images.analyze(bytes, { field })).detected;
  });
  afterAll(async () => {
    await images.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Instagram export: a carried photo is analysed (3 faces, none tagged: revise), a missing one counted, a broken one named, a video skipped', async () => {
    const root = path.join(dir, 'ig');
    fs.mkdirSync(path.join(root, 'your_instagram_activity/content'), { recursive: true });
    fs.mkdirSync(path.join(root, 'media/posts/202407'), { recursive: true });
    fs.copyFileSync(demoPhoto(1), path.join(root, 'media/posts/202407/a.jpg'));
    fs.writeFileSync(path.join(root, 'media/posts/202407/c.jpg'), fs.readFileSync(demoPhoto(2)).subarray(0, 3000));
    const post = (uri: string, title: string) => ({ media: [{ uri, creation_timestamp: 1721408072, title }] });
    fs.writeFileSync(
      path.join(root, 'your_instagram_activity/content/posts_1.json'),
      JSON.stringify([post('media/posts/202407/a.jpg', 'Great night out'), post('media/posts/202407/b.jpg', 'Lovely fall colors'), post('media/posts/202407/c.jpg', 'Lovely fall colors again'), post('media/posts/202407/v.mp4', 'A video')]),
    );
    const without = await auditArchive({ path: root, outDir: path.join(dir, 'ig-out0'), workers: 1 });
    expect(without.summary.photos).toBeUndefined();
    expect(without.summary.verdicts).toEqual({ allow: 4, revise: 0, block: 0 });

    const { summary, files } = await auditArchive({ path: root, outDir: path.join(dir, 'ig-out'), workers: 1, photos });
    expect(summary.photos).toEqual({ referenced: 3, analysed: 1, missing: 1, unreadable: 1 });
    expect(summary.posts).toBe(4);
    expect(summary.verdicts).toEqual({ allow: 3, revise: 1, block: 0 });
    expect(summary.byRule['unidentified-person-in-image']?.count).toBe(3);
    expect(summary.readErrors).toHaveLength(1);
    expect(summary.readErrors[0]!.where).toContain('media/posts/202407/c.jpg');
    expect(summary.readErrors[0]!.message).toMatch(/corrupt or truncated/);
    const json = fs.readFileSync(files.find((f) => f.endsWith('report.json'))!, 'utf8');
    expect(JSON.parse(json).flagged.map((p: { text: string }) => p.text)).toEqual(['Great night out']);
    // Nothing about a face in the reports: no box, no score.
    expect(json).not.toMatch(/"box"|"faces"|"score"/);
  }, 180_000);

  it('X archive: tweets_media/<tweet id>-<name> is the photo of media_url_https; the same posts as the workers\' raw path', async () => {
    const root = path.join(dir, 'x');
    fs.mkdirSync(path.join(root, 'data/tweets_media'), { recursive: true });
    const tweet = (id: string, text: string, media?: string) => ({ tweet: { id_str: id, full_text: text, created_at: 'Sat Oct 03 23:45:00 +0000 2026', ...(media ? { extended_entities: { media: [{ media_url_https: `https://pbs.twimg.com/media/${media}` }] } } : {}) } });
    fs.writeFileSync(path.join(root, 'data/tweets.js'), `window.YTD.tweets.part0 = ${JSON.stringify([tweet('11', 'Field trip!', 'AbC1.jpg'), tweet('12', 'Lovely fall colors'), tweet('13', 'Empty hall', 'XyZ2.jpg')])}`);
    fs.copyFileSync(demoPhoto(4), path.join(root, 'data/tweets_media/11-AbC1.jpg'));
    // Same file name, another tweet's id: not this tweet's photo.
    fs.copyFileSync(demoPhoto(5), path.join(root, 'data/tweets_media/99-XyZ2.jpg'));
    const { summary } = await auditArchive({ path: root, outDir: path.join(dir, 'x-out'), workers: 1, photos });
    expect(summary.photos).toEqual({ referenced: 2, analysed: 1, missing: 1, unreadable: 0 });
    expect(summary.byRule['unidentified-person-in-image']?.count).toBe(4);
    expect(summary.verdicts.revise).toBe(1);
  }, 180_000);

  it('the real X and Mastodon exports reference photos but carry no files: all counted missing, posts and verdicts as without --photos', async () => {
    for (const p of ['x-archive-milahu104', 'mastodon-fossilizer/mastodon-export']) {
      const src = path.join(DATA, p);
      if (!fs.existsSync(src)) continue;
      const plain = await auditArchive({ path: src, outDir: path.join(dir, 'real0'), workers: 1 });
      const withPhotos = await auditArchive({ path: src, outDir: path.join(dir, 'real1'), workers: 1, photos });
      expect(withPhotos.summary.photos!.referenced, p).toBeGreaterThan(0);
      expect(withPhotos.summary.photos!.missing, p).toBe(withPhotos.summary.photos!.referenced);
      expect(withPhotos.summary.posts).toBe(plain.summary.posts);
      expect(withPhotos.summary.verdicts).toEqual(plain.summary.verdicts);
      expect(withPhotos.summary.byRule).toEqual(plain.summary.byRule);
    }
  }, 180_000);
});
