// `clearpost check` as scripts use it: exit codes, --json, a --jsonl stream in order with error lines, --context, bad input naming the field.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CASES = path.resolve(ROOT, '../shared/examples/cases.jsonl');
const cli = (args: string[], input?: string) => spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), ...args], { encoding: 'utf8', input });

describe('clearpost check', () => {
  it('answers the 16 shared examples through --jsonl in order, one line each', () => {
    const lines = fs.readFileSync(CASES, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { request: unknown; expect: { verdict: string } });
    const input = lines.map((c) => JSON.stringify(c.request)).join('\n') + '\n';
    const r = cli(['check', '--jsonl', '-', '--workers', '2'], input);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { verdict: string });
    expect(out.map((o) => o.verdict)).toEqual(lines.map((c) => c.expect.verdict));
    expect(r.status).toBe(2);
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
  it('prints a clause and lists the rules', () => {
    const c = cli(['policy', 'IV.A.2']);
    expect(c.stdout).toContain('written parental consent');
    expect(cli(['policy', 'IX.Z']).status).toBe(3);
    expect(cli(['policy']).stdout).toContain('student-group-disclosure-missing');
  });
});
