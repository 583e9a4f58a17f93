// `clearpost audit` end to end on a small archive: three reports written, flagged posts with quotes, exit code by verdict.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoPhoto } from '../support/images.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('clearpost audit', () => {
  it('audits an X archive folder and writes HTML, CSV and JSON reports', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-audit-'));
    const tweets = [
      { tweet: { id_str: '1', full_text: 'So proud of our robotics team at the regional tonight!', created_at: 'Sat Oct 03 23:45:00 +0000 2026' } },
      { tweet: { id_str: '2', full_text: 'What a sh*tty way to start a Tuesday', created_at: 'Sat Oct 10 23:45:00 +0000 2026' } },
      { tweet: { id_str: '3', full_text: 'Some of my 5th period couldn\'t find the slope of a line if their lives depended on it', created_at: 'Sun Nov 01 01:00:00 +0000 2026' } },
    ];
    fs.mkdirSync(path.join(dir, 'archive/data'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'archive/data/tweets.js'), `window.YTD.tweets.part0 = ${JSON.stringify(tweets, null, 2)}`);
    const out = path.join(dir, 'out');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), 'audit', path.join(dir, 'archive'), '--out', out, '--workers', '1'], { encoding: 'utf8' });
    expect(r.stdout).toContain('x-archive: 3 posts');
    expect(r.status).toBe(2);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(json.summary.verdicts).toEqual({ allow: 1, revise: 1, block: 1 });
    expect(json.flagged.map((p: { id: string }) => p.id)).toEqual(['2', '3']);
    expect(json.flagged[0].findings[0]).toMatchObject({ rule: 'obscene-language', clause: 'IV.A', quote: 'sh*tty' });
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('<mark>sh*tty</mark>');
    expect(html).toContain('https://x.com/i/web/status/2');
    const csv = fs.readFileSync(path.join(out, 'report.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(4);
    expect(csv[0]).toBe('id,posted_at,link,verdict,rules,clauses,quote,text');
    fs.rmSync(dir, { recursive: true });
  });
  it('keeps the archive order over several batches and two workers, and reads --context in the workers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-audit-'));
    // 1,300 posts: three batches on two workers; every 7th is flagged.
    const tweets = Array.from({ length: 1300 }, (_, i) => ({
      tweet: { id_str: String(1000 + i), full_text: i % 7 === 0 ? `What a sh*tty day, number ${i}` : `Lovely fall colors at the lake, number ${i}`, created_at: 'Sat Oct 03 23:45:00 +0000 2026' },
    }));
    fs.mkdirSync(path.join(dir, 'archive/data'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'archive/data/tweets.js'), `window.YTD.tweets.part0 = ${JSON.stringify(tweets, null, 2)}`);
    fs.writeFileSync(path.join(dir, 'ctx.json'), JSON.stringify({ district: { name: 'Alexandria Public Schools', timezone: 'America/Chicago' } }));
    const out = path.join(dir, 'out');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), 'audit', path.join(dir, 'archive'), '--out', out, '--workers', '2', '--context', path.join(dir, 'ctx.json')], { encoding: 'utf8' });
    expect(r.stdout).toContain('x-archive: 1300 posts');
    expect(r.status).toBe(2);
    const flaggedIds = tweets.filter((_, i) => i % 7 === 0).map((t) => t.tweet.id_str);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(json.flagged.map((p: { id: string }) => p.id)).toEqual(flaggedIds);
    const csv = fs.readFileSync(path.join(out, 'report.csv'), 'utf8').trim().split('\n').slice(1);
    expect(csv.map((l) => l.split(',')[0])).toEqual(tweets.map((t) => t.tweet.id_str));
    expect(fs.existsSync(path.join(out, '.flagged.jsonl'))).toBe(false);
    // A bad context file is refused before any post is read, naming the field.
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ district: { timezone: 5 } }));
    const bad = spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), 'audit', path.join(dir, 'archive'), '--out', path.join(dir, 'out2'), '--context', path.join(dir, 'bad.json')], { encoding: 'utf8' });
    expect(bad.status).toBe(3);
    expect(bad.stderr).toContain('context.district.timezone');
    expect(fs.existsSync(path.join(dir, 'out2'))).toBe(false);
    fs.rmSync(dir, { recursive: true });
  }, 120_000);
  it('exits 3 with a clear message for a path it cannot read', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), 'audit', '/nonexistent/thing.zip'], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/path: \/nonexistent\/thing\.zip does not exist/);
  });

  it('--photos analyses the photos the export carries and says how many were referenced, analysed, missing, unreadable', { timeout: 180_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-audit-photos-cli-'));
    try {
      // An X archive with one tweet's photo saved in tweets_media (a face-api demo photo of four adults) and one not saved.
      const media = (name: string) => ({ extended_entities: { media: [{ media_url_https: `https://pbs.twimg.com/media/${name}` }] } });
      const tweets = [
        { tweet: { id_str: '21', full_text: 'Staff retreat', created_at: 'Sat Oct 03 23:45:00 +0000 2026', ...media('Q1.jpg') } },
        { tweet: { id_str: '22', full_text: 'Lovely fall colors', created_at: 'Sat Oct 10 23:45:00 +0000 2026', ...media('Q2.jpg') } },
      ];
      fs.mkdirSync(path.join(dir, 'archive/data/tweets_media'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'archive/data/tweets.js'), `window.YTD.tweets.part0 = ${JSON.stringify(tweets)}`);
      fs.copyFileSync(demoPhoto(4), path.join(dir, 'archive/data/tweets_media/21-Q1.jpg'));
      const run = (...extra: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), 'audit', path.join(dir, 'archive'), '--out', path.join(dir, 'out'), '--workers', '1', ...extra], { encoding: 'utf8' });
      const plain = run();
      expect(plain.status, plain.stderr).toBe(0);
      expect(plain.stdout).not.toContain('photos:');
      const r = run('--photos');
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toContain('x-archive: 2 posts');
      expect(r.stdout).toContain('photos: 2 referenced, 1 analysed, 1 not in the export, 0 unreadable');
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'out/report.json'), 'utf8'));
      expect(json.flagged.map((p: { id: string }) => p.id)).toEqual(['21']);
      expect(json.flagged[0].findings.filter((f: { rule: string }) => f.rule === 'unidentified-person-in-image')).toHaveLength(4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
