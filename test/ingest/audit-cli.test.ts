// `clearpost audit` end to end on a small archive: three reports written, flagged posts with quotes, exit code by verdict.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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
  it('exits 3 with a clear message for a path it cannot read', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), 'audit', '/nonexistent/thing.zip'], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/path: \/nonexistent\/thing\.zip does not exist/);
  });
});
