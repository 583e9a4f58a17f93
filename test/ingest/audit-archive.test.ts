// The audit use case on broken and on non-JSON archives: where the archive broke, in order, and every readable post checked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditArchive, auditWorkerLimits } from '../../src/app/audit-archive.js';

describe('auditArchive', () => {
  it('reports a malformed element and a truncated file where they broke, in archive order, and checks the rest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-audit-'));
    const el = (id: number, text: string): string => JSON.stringify({ tweet: { id_str: String(id), full_text: text, created_at: 'Sat Oct 03 23:45:00 +0000 2026' } }, null, 2);
    // 1,100 good posts over three batches; element 600 is broken (unquoted word), the file ends inside element 1,101.
    const parts: string[] = [];
    for (let i = 0; i < 1100; i++) parts.push(i === 600 ? '{ "tweet": { "id_str": "600", "full_text": oops } }' : el(i, i % 100 === 0 ? `What a sh*tty day ${i}` : `Lovely fall colors ${i}`));
    const head = 'window.YTD.tweets.part0 = [\n';
    const body = parts.join(',\n');
    const cutAt = head.length + body.length + 2;
    fs.mkdirSync(path.join(dir, 'a/data'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a/data/tweets.js'), `${head}${body},\n${el(9999, 'never ends')}`.slice(0, cutAt + 40));
    const badAt = Buffer.byteLength(head + parts.slice(0, 600).join(',\n') + ',\n');
    const { summary, flagged, files } = await auditArchive({ path: path.join(dir, 'a'), outDir: path.join(dir, 'out'), workers: 2 });
    expect(summary.posts).toBe(1099);
    expect(summary.readErrors.map((e) => e.where)).toEqual([`data/tweets.js: byte ${badAt}`, `data/tweets.js: byte ${cutAt}`]);
    expect(summary.readErrors[0]!.message).toMatch(/^malformed element at byte \d+: /);
    expect(summary.readErrors[1]!.message).toMatch(/unexpected end of input inside the element/);
    expect(flagged).toBe(10); // 0, 100, ... 1000 except the broken 600
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out/report.json'), 'utf8'));
    expect(json.summary.readErrors).toEqual(summary.readErrors);
    expect(json.flagged.map((p: { id: string }) => p.id)).toEqual(['0', '100', '200', '300', '400', '500', '700', '800', '900', '1000']);
    const html = fs.readFileSync(path.join(dir, 'out/report.html'), 'utf8');
    expect(html).toContain('<h2>Could not read</h2>');
    expect(html.match(/<tr><td>2026-10-03<\/td>/g)).toHaveLength(10);
    expect(files.map((f) => path.basename(f))).toEqual(['report.csv', 'report.json', 'report.html']);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['report.csv', 'report.html', 'report.json']);
    fs.rmSync(dir, { recursive: true });
  }, 120_000);

  it('audits a source read on the main thread (a CSV of posts) the same way: order, flagged posts, one report without a JSON', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-audit-'));
    const rows = ['text,date,link', ...Array.from({ length: 700 }, (_, i) => `${i % 50 === 0 ? 'What a sh*tty day' : 'Lovely fall colors'} ${i},2026-10-0${1 + (i % 9)},https://example.org/${i}`)];
    fs.writeFileSync(path.join(dir, 'posts.csv'), rows.join('\n'));
    const { summary, flagged, files } = await auditArchive({ path: path.join(dir, 'posts.csv'), outDir: path.join(dir, 'out'), workers: 2, formats: ['csv', 'html'] });
    expect(summary.format).toBe('csv');
    expect(summary.posts).toBe(700);
    expect(flagged).toBe(14);
    expect(Object.keys(summary.byRule)).toContain('obscene-language');
    const csv = fs.readFileSync(path.join(dir, 'out/report.csv'), 'utf8').trim().split('\n').slice(1);
    expect(csv.map((l) => l.split(',')[2])).toEqual(Array.from({ length: 700 }, (_, i) => `https://example.org/${i}`));
    expect(files.map((f) => path.basename(f))).toEqual(['report.csv', 'report.html']);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['report.csv', 'report.html']);
    fs.rmSync(dir, { recursive: true });
  }, 120_000);

  it("caps each worker's old generation at 512 MB, more for a context file or object that needs it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-audit-'));
    const small = path.join(dir, 'small.json');
    fs.writeFileSync(small, '{}');
    expect(auditWorkerLimits({})).toEqual({ maxOldGenerationSizeMb: 512 });
    expect(auditWorkerLimits({ contextFile: small })).toEqual({ maxOldGenerationSizeMb: 512 });
    // A missing file: the worker reports it; the cap is the floor.
    expect(auditWorkerLimits({ contextFile: path.join(dir, 'missing.json') })).toEqual({ maxOldGenerationSizeMb: 512 });
    // 100 MB (a sparse file: only its size is read): 256 MB + 8 times its size.
    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 100_000_000);
    expect(auditWorkerLimits({ contextFile: big })).toEqual({ maxOldGenerationSizeMb: 1056 });
    // An in-memory context: about 200 bytes a record.
    const people = Array.from({ length: 500_000 }, (_, i) => ({ id: `S${i}`, kind: 'student' as const, name: `Student ${i}` }));
    expect(auditWorkerLimits({ context: { people } })).toEqual({ maxOldGenerationSizeMb: 1056 });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
