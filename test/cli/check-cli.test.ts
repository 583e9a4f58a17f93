// `clearpost check` as scripts use it: exit codes, --json, a --jsonl stream in order with error lines, --context, bad input naming the field.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoPhoto } from '../support/images.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CASES = path.resolve(ROOT, '../shared/examples/cases.jsonl');
const cli = (args: string[], input?: string) => spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), ...args], { encoding: 'utf8', input, maxBuffer: 64 << 20 });

describe('clearpost check', () => {
  it('answers the 16 shared examples through --jsonl in order, one line each', () => {
    const lines = fs.readFileSync(CASES, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { request: unknown; expect: { verdict: string } });
    const input = lines.map((c) => JSON.stringify(c.request)).join('\n') + '\n';
    const r = cli(['check', '--jsonl', '-', '--workers', '2'], input);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { verdict: string });
    expect(out.map((o) => o.verdict)).toEqual(lines.map((c) => c.expect.verdict));
    expect(r.status).toBe(2);
  });
  it('reads a labelled case line (the shared examples as they are: id, note, request, expect) as its request, naming request.* in errors', () => {
    const raw = fs.readFileSync(CASES, 'utf8').trim().split('\n');
    const lines = raw.map((l) => JSON.parse(l) as { request: unknown; expect: { verdict: string } });
    const asIs = cli(['check', '--jsonl', '-', '--workers', '1'], raw.join('\n') + '\n' + '{"id":"bad","request":{"post":{"text":5}}}\n');
    const out = asIs.stdout.trim().split('\n').map((l) => JSON.parse(l) as { verdict?: string; error?: { field: string; message: string } });
    expect(out.slice(0, -1).map((o) => o.verdict)).toEqual(lines.map((c) => c.expect.verdict));
    expect(out.at(-1)!.error).toMatchObject({ field: 'request.post.text' });
    expect(out.at(-1)!.error!.message).toMatch(/^request\.post\.text: /);
    // The same answers as the bare requests (checkedAt aside).
    const bare = cli(['check', '--jsonl', '-', '--workers', '1'], lines.map((c) => JSON.stringify(c.request)).join('\n') + '\n');
    const strip = (s: string) => s.trim().split('\n').map((l) => l.replace(/"checkedAt":"[^"]*"/, ''));
    expect(strip(asIs.stdout).slice(0, -1)).toEqual(strip(bare.stdout));
  });
  it('answers a bad line with an error object on its own line and goes on', () => {
    const r = cli(['check', '--jsonl', '-'], '{"post":{"text":"Nice day"}}\n{oops\n{"post":{"text":5}}\n{"post":{"text":"f u c k"}}\n');
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0].verdict).toBe('allow');
    expect(out[1].error.code).toBe('invalid-json');
    expect(out[2].error).toMatchObject({ code: 'invalid-request', field: 'post.text' });
    expect(out[3].verdict).toBe('block');
    expect(r.status).toBe(3);
  });
  it('keeps order and error lines across many chunks and workers (stdin and file, CRLF, blank lines, no final newline)', () => {
    // About 0.9 MB: several 256 KB chunks from a file, many 64 KB reads from stdin, spread over two workers.
    const kind = (i: number) => (i % 7 === 3 ? 'json' : i % 11 === 5 ? 'field' : i % 5 === 0 ? 'block' : 'allow');
    const pad = 'x'.repeat(150);
    const lines = Array.from({ length: 4000 }, (_, i) => {
      const k = kind(i);
      if (k === 'json') return `{"post":{"text":"line ${i} ${pad}"`;
      if (k === 'field') return JSON.stringify({ post: { text: `line ${i} ${pad}`, postedAt: 'yesterday' } });
      return JSON.stringify({ post: { text: `${k === 'block' ? 'What a sh*tty day' : 'Lovely fall colors'}, line ${i} ${pad}` } });
    });
    // CRLF and blank lines in places; blank lines get no answer; the last line has no line end.
    const input = lines.map((l, i) => (i % 13 === 0 ? `${l}\r\n\n   \n` : `${l}\n`)).join('').replace(/\n$/, '');
    const dir = fs.mkdtempSync(path.join(ROOT, 'data-test-'));
    try {
      fs.writeFileSync(path.join(dir, 'in.jsonl'), input);
      const viaStdin = cli(['check', '--jsonl', '-', '--workers', '2'], input);
      const viaFile = cli(['check', '--jsonl', path.join(dir, 'in.jsonl'), '--workers', '2']);
      const oneWorker = cli(['check', '--jsonl', path.join(dir, 'in.jsonl'), '--workers', '1']);
      const strip = (s: string) => s.replace(/"checkedAt":"[^"]*"/g, '"checkedAt":""');
      for (const r of [viaStdin, viaFile, oneWorker]) {
        expect(r.status).toBe(3);
        const out = r.stdout.split('\n');
        expect(out.pop()).toBe('');
        expect(out).toHaveLength(lines.length);
        out.forEach((l, i) => {
          const o = JSON.parse(l) as { verdict?: string; error?: { code: string; field?: string } };
          const k = kind(i);
          if (k === 'json') expect(o.error?.code, `line ${i}`).toBe('invalid-json');
          else if (k === 'field') expect(o.error, `line ${i}`).toMatchObject({ code: 'invalid-request', field: 'post.postedAt' });
          else expect(o.verdict, `line ${i}`).toBe(k);
        });
      }
      expect(strip(viaStdin.stdout)).toBe(strip(oneWorker.stdout));
      expect(strip(viaFile.stdout)).toBe(strip(oneWorker.stdout));
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }, 180_000);
  it('reports a bad --context file with exit 3 and the field, before any answer', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'data-test-'));
    try {
      fs.writeFileSync(path.join(dir, 'ctx.json'), JSON.stringify({ district: { timezone: 5 } }));
      const r = cli(['check', '--jsonl', '-', '--context', path.join(dir, 'ctx.json')], '{"post":{"text":"Nice day"}}\n');
      expect(r.status).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('context.district.timezone');
      // The same with no line at all: the workers' set-up error is still the answer.
      const empty = cli(['check', '--jsonl', '-', '--context', path.join(dir, 'ctx.json')], '');
      expect(empty.status).toBe(3);
      expect(empty.stderr).toContain('context.district.timezone');
      const missing = cli(['check', '--jsonl', path.join(dir, 'nope.jsonl')]);
      expect(missing.status).toBe(3);
      expect(missing.stderr).toMatch(/cannot read .*nope\.jsonl: ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
  it('reports a pack whose lexicon holds a broken expression with exit 3, before any answer, whatever the number of workers', () => {
    // Only the first --jsonl worker compiles the pack's expressions: the error must still stop the stream.
    const dir = fs.mkdtempSync(path.join(ROOT, 'data-test-'));
    try {
      const pack = path.join(dir, 'pack.json');
      fs.writeFileSync(pack, JSON.stringify({ extends: path.join(ROOT, 'policy/471'), lexicons: { '+unprofessional': ['/(unclosed/'] } }));
      for (const workers of ['1', '2', '3']) {
        const r = cli(['check', '--jsonl', '-', '--policy', pack, '--workers', workers], '{"post":{"text":"Nice day"}}\n');
        expect(r.status).toBe(3);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/policy pack: lexicons\.unprofessional\.\d+: not a valid regular expression/);
      }
      const ok = cli(['check', '--jsonl', '-', '--policy', path.join(ROOT, 'policy/471'), '--workers', '2'], '{"post":{"text":"Nice day"}}\n');
      expect(ok.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }, 180_000);
  it('answers each --jsonl line exactly as check --json answers that request (a sample of the corpus, 2 workers)', async () => {
    // Every 6th case of every corpus file, with its own context or --context test/corpus/context.json: the stream must
    // give, byte for byte (checkedAt aside), what a check of the same request alone gives.
    const corpusDir = path.join(ROOT, 'test/corpus');
    const ctxFile = path.join(corpusDir, 'context.json');
    const requests = fs
      .readdirSync(corpusDir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .flatMap((f) => fs.readFileSync(path.join(corpusDir, f), 'utf8').split('\n').filter((l) => l.trim() !== ''))
      .filter((_, i) => i % 6 === 0)
      .map((l) => {
        const { contextRef, ...rest } = (JSON.parse(l) as { request: Record<string, unknown> }).request;
        // Corpus photos are declared facts: a few blind cases also name photo files that do not exist, which --jsonl would
        // try to read (and answer with an error naming post.images[i].file); the comparison is about the check itself.
        const post = rest.post as { images?: Array<Record<string, unknown>> };
        if (post.images) post.images = post.images.map(({ file: _file, ...image }) => image);
        return contextRef === 'default' ? { post: rest.post } : rest;
      });
    expect(requests.length).toBeGreaterThan(200);
    const stream = cli(['check', '--jsonl', '-', '--context', ctxFile, '--workers', '2'], requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = stream.stdout.split('\n').slice(0, -1);
    expect(out).toHaveLength(requests.length);
    const noTime = (s: string) => s.replace(/"checkedAt":"[^"]*"/, '');
    // The same requests checked one by one in this process, as `check --json` does (parse, default context, check, stringify).
    const [{ check }, { loadPolicyPack }, { parseCheckRequest }, { loadContextFile }] = await Promise.all([
      import('../../src/core/check.js'),
      import('../../src/app/load-policy-pack.js'),
      import('../../src/app/parse-check-request.js'),
      import('../../src/app/load-context-file.js'),
    ]);
    const pack = loadPolicyPack();
    const context = loadContextFile(ctxFile);
    requests.forEach((r, i) => {
      const req = parseCheckRequest(structuredClone(r));
      if (req.context === undefined) req.context = context;
      expect(noTime(out[i]!), `line ${i + 1}`).toBe(noTime(JSON.stringify(check(req, pack, { now: new Date() }))));
    });
    // And a few through the real `check --json FILE` command.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-jsonl-'));
    try {
      for (const i of [0, Math.floor(requests.length / 2), requests.length - 1]) {
        fs.writeFileSync(path.join(dir, 'req.json'), JSON.stringify(requests[i]));
        const one = cli(['check', '--json', path.join(dir, 'req.json'), '--context', ctxFile]);
        expect(noTime(one.stdout), `line ${i + 1}`).toBe(noTime(out[i]!) + '\n');
      }
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }, 300_000);
  it('uses exit codes 0/1/2 for allow/revise/block and prints a readable report', () => {
    expect(cli(['check', 'Lovely fall colors at the lake']).status).toBe(0);
    const block = cli(['check', 'What a sh*tty way to start a Tuesday']);
    expect(block.status).toBe(2);
    expect(block.stdout).toContain('BLOCK');
    expect(block.stdout).toContain('obscene-language');
    expect(block.stdout).toContain('[sh*tty]');
  });
  it('reads --json from a file and --context, and names the bad field with exit 3', () => {
    const ex = JSON.parse(fs.readFileSync(CASES, 'utf8').split('\n')[8]!) as { request: { context: unknown; post: unknown } };
    const dir = fs.mkdtempSync(path.join(ROOT, 'data-test-'));
    fs.writeFileSync(path.join(dir, 'ctx.json'), JSON.stringify(ex.request.context));
    fs.writeFileSync(path.join(dir, 'req.json'), JSON.stringify({ post: ex.request.post }));
    const r = cli(['check', '--json', path.join(dir, 'req.json'), '--context', path.join(dir, 'ctx.json')]);
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toContain('confidential-information');
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ post: { text: 'x', postedAt: 'yesterday' } }));
    const bad = cli(['check', '--json', path.join(dir, 'bad.json')]);
    expect(bad.status).toBe(3);
    expect(bad.stderr).toMatch(/post\.postedAt/);
    fs.rmSync(dir, { recursive: true });
  });
  it('--json reads the photos named in post.images[].file (relative to the request file, or the current folder for stdin), like an upload to the API', { timeout: 180_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-cli-photo-'));
    try {
      // A real group photo of three adults (face-api's demo, MIT), one of them tagged.
      fs.mkdirSync(path.join(dir, 'photos'));
      fs.copyFileSync(demoPhoto(1), path.join(dir, 'photos', 'party.jpg'));
      const image = { description: 'friends', depicts: [{ kind: 'other', name: 'my sister' }], setting: 'off-site' };
      const request = (file?: string) => JSON.stringify({ post: { text: 'Costume party at my place', network: 'instagram', postedAt: '2026-10-31T20:00:00-05:00', images: [{ ...(file === undefined ? {} : { file }), ...image }] } });
      fs.writeFileSync(path.join(dir, 'req.json'), request('photos/party.jpg'));
      const r = cli(['check', '--json', path.join(dir, 'req.json')]);
      expect(r.status, r.stderr).toBe(1);
      const untagged = (JSON.parse(r.stdout) as { findings: Array<{ rule: string; evidence: { image?: number; box?: number[] } }> }).findings.filter((f) => f.rule === 'unidentified-person-in-image');
      expect(untagged).toHaveLength(2);
      for (const f of untagged) {
        expect(f.evidence.image).toBe(0);
        expect(f.evidence.box).toHaveLength(4);
      }
      // Without the file, only what was declared: no face to ask about.
      const declared = cli(['check', '--json', '-'], request());
      expect(declared.status).toBe(0);
      expect(declared.stdout).not.toContain('unidentified-person-in-image');
      // stdin: the path is read from the current folder.
      const stdin = spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), 'check', '--json', '-'], { cwd: dir, encoding: 'utf8', input: request('photos/party.jpg') });
      expect(stdin.status, stdin.stderr).toBe(1);
      expect(stdin.stdout.match(/unidentified-person-in-image/g)).toHaveLength(2);
      // A missing file of a photo the request describes: checked on what was declared (as without a file, exit 0), with an
      // undecided finding naming the file; a missing file and nothing else about the photo: exit 3 naming the field.
      const missing = cli(['check', '--json', '-'], request(path.join(dir, 'photos', 'nope.jpg')));
      expect(missing.status, missing.stderr).toBe(0);
      const unread = JSON.parse(missing.stdout) as { verdict: string; findings: Array<{ rule: string; undecided?: boolean; severity: string; message: string; evidence: unknown }> };
      expect(unread.verdict).toBe('allow');
      const mine = unread.findings.filter((f) => f.rule === 'unidentified-person-in-image');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ rule: 'unidentified-person-in-image', undecided: true, severity: 'advisory', evidence: { field: 'post.images[0].file' } });
      expect(mine[0]!.message).toMatch(/cannot read .*nope\.jpg \(no such file\)/);
      const bare = cli(['check', '--json', '-'], JSON.stringify({ post: { text: 'Costume party at my place', images: [{ file: path.join(dir, 'photos', 'nope.jpg') }] } }));
      expect(bare.status).toBe(3);
      expect(bare.stderr).toMatch(/post\.images\[0\]\.file: cannot read .*nope\.jpg \(no such file\)/);
      fs.writeFileSync(path.join(dir, 'notes.jpg'), 'not a photo');
      const bad = cli(['check', '--json', '-'], request(path.join(dir, 'notes.jpg')));
      expect(bad.status).toBe(3);
      expect(bad.stderr).toMatch(/post\.images\[0\]\.file: not an image/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('--jsonl reads the photos a line names (relative to the input file, or the current folder for stdin); a photo that is not an image answers its line with an error naming the field, a described photo whose file is missing is checked on what was declared, and the stream goes on', { timeout: 180_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-cli-jsonl-photo-'));
    try {
      // A real group photo of three adults (face-api's demo, MIT), one of them tagged: two untagged faces.
      fs.mkdirSync(path.join(dir, 'photos'));
      fs.copyFileSync(demoPhoto(1), path.join(dir, 'photos', 'party.jpg'));
      fs.writeFileSync(path.join(dir, 'photos', 'notes.jpg'), 'not a photo');
      const withPhoto = (file: string) => JSON.stringify({ post: { text: 'Costume party at my place', network: 'instagram', postedAt: '2026-10-31T20:00:00-05:00', images: [{ file, description: 'friends', depicts: [{ kind: 'other', name: 'my sister' }], setting: 'off-site' }] } });
      const lines = [withPhoto('photos/party.jpg'), '{"post":{"text":"Nice day"}}', withPhoto('photos/nope.jpg'), withPhoto('photos/notes.jpg'), '{"post":{"text":"f u c k"}}'];
      fs.writeFileSync(path.join(dir, 'in.jsonl'), lines.join('\n') + '\n');
      const fromFile = cli(['check', '--jsonl', path.join(dir, 'in.jsonl'), '--workers', '2']);
      const fromStdin = spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), 'check', '--jsonl', '-', '--workers', '1'], { cwd: dir, encoding: 'utf8', input: lines.join('\n') + '\n' });
      for (const r of [fromFile, fromStdin]) {
        expect(r.status, r.stderr).toBe(3);
        const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
        expect(out).toHaveLength(5);
        expect(out[0].verdict).toBe('revise');
        expect(out[0].findings.filter((f: { rule: string }) => f.rule === 'unidentified-person-in-image')).toHaveLength(2);
        expect(out[1].verdict).toBe('allow');
        // A described photo whose file is missing is checked on what was declared, and says so.
        expect(out[2].verdict).toBe('allow');
        const unread = out[2].findings.filter((f: { rule: string }) => f.rule === 'unidentified-person-in-image');
        expect(unread).toMatchObject([{ undecided: true, evidence: { field: 'post.images[0].file' } }]);
        expect(unread[0].message).toMatch(/nope\.jpg \(no such file\)/);
        expect(out[3].error).toMatchObject({ code: 'invalid-image', field: 'post.images[0].file' });
        expect(out[4].verdict).toBe('block');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('prints a clause and lists the rules', () => {
    const c = cli(['policy', 'IV.A.2']);
    expect(c.stdout).toContain('written parental consent');
    expect(cli(['policy', 'IX.Z']).status).toBe(3);
    expect(cli(['policy']).stdout).toContain('student-group-disclosure-missing');
  });
});
