// `clearpost calendar run` end to end on a SQLite file, e-mailing a local SMTP server: notices once, bad input exit 3.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSmtp, type LocalSmtp } from '../support/smtp.js';

const CLI = path.resolve(__dirname, '../../bin/clearpost.js');
const run = promisify(execFile);

describe('clearpost calendar run', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-cal-'));
  const db = path.join(dir, 'c.db');
  let smtp: LocalSmtp;
  let env: NodeJS.ProcessEnv;

  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env, cwd: dir });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    smtp = await startLocalSmtp({ user: 'cli', pass: 'cli-pass-1' });
    env = { ...process.env, DATABASE_URL: '', SMTP_URL: `smtp://cli:cli-pass-1@127.0.0.1:${smtp.port}`, SMTP_FROM: 'no-reply@demo.clearpost.test', PUBLIC_URL: 'https://clearpost.example' };
  });
  afterAll(async () => {
    await smtp?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the disclosure campaign for the demo district once, e-mailing every employee', { timeout: 120_000 }, async () => {
    expect((await cli(['demo', 'load', '--sqlite', db])).code).toBe(0);
    const r = await cli(['calendar', 'run', '--sqlite', db, '--now', '2026-07-01T15:00:00Z', '--sweep', 'disclosure-campaign', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { results: Array<{ sweep: string; notices: number; emails: number; details: { stage: string } }>; errors: unknown[] };
    expect(out.errors).toEqual([]);
    expect(out.results).toHaveLength(1);
    const first = out.results[0]!;
    expect(first).toMatchObject({ sweep: 'disclosure-campaign', details: { stage: 'open' } });
    expect(first.notices).toBeGreaterThan(10);
    const mails = await smtp.waitFor(first.emails, 30_000);
    expect(mails[0]!.subject).toBe('Annual disclosure for 2026-2027 is open');
    expect(mails[0]!.text).toContain('https://clearpost.example/records');

    const again = await cli(['calendar', 'run', '--sqlite', db, '--now', '2026-07-02T15:00:00Z']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/disclosure-campaign +district \S+: 0 notice\(s\), 0 e-mail\(s\)/);
    expect(smtp.received).toHaveLength(first.emails);
  });

  it('names bad input and exits 3', { timeout: 120_000 }, async () => {
    const badNow = await cli(['calendar', 'run', '--sqlite', db, '--now', 'yesterday']);
    expect(badNow.code).toBe(3);
    expect(badNow.stderr).toContain('--now: expected an ISO 8601 date-time');
    const badSweep = await cli(['calendar', 'run', '--sqlite', db, '--sweep', 'holidays']);
    expect(badSweep.code).toBe(3);
    expect(badSweep.stderr).toContain('--sweep: unknown sweep "holidays"');
    const badSmtp = await run(process.execPath, [CLI, 'calendar', 'run', '--sqlite', db], { env: { ...env, SMTP_FROM: '' }, cwd: dir }).catch((e: { code: number; stderr: string }) => e);
    expect(badSmtp).toMatchObject({ code: 3 });
    expect((badSmtp as { stderr: string }).stderr).toContain('SMTP_FROM');
    expect((badSmtp as { stderr: string }).stderr).not.toContain('cli-pass-1');
  });
});
