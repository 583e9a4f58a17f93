// The records commands end to end on a SQLite file: import oneroster (exit 0, --strict 1), backup (and its refusal), demo load.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = path.resolve(__dirname, '../../bin/clearpost.js');
const SAMPLE = path.resolve(__dirname, '../../../shared/data/oneroster/catalyst-moodle-enrol-oneroster/Test_full_data_set.zip');
const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(!fs.existsSync(SAMPLE))('clearpost import / backup / demo', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-cli-'));
  const db = path.join(dir, 'c.db');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a OneRoster zip into a new district, naming rejected rows by file:line', { timeout: 90_000 }, async () => {
    const r = await cli(['import', 'oneroster', SAMPLE, '--sqlite', db, '--district', 'roster', '--create', 'Roster District']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OneRoster 1.1 (bulk) into Roster District');
    expect(r.stdout).toMatch(/people: +6 added/);
    expect(r.stderr).toContain('users.csv:3: user usr-222-66778899 (student)');
    const strict = await cli(['import', 'oneroster', SAMPLE, '--sqlite', db, '--strict', '--json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ people: { unchanged: 6 }, problems: expect.arrayContaining([expect.objectContaining({ file: 'users.csv', line: 3 })]) });
    const missing = await cli(['import', 'oneroster', path.join(dir, 'nope.zip'), '--sqlite', db]);
    expect(missing.code).toBe(3);
  });

  it('loads the demo beside it, then backs the file up once (a second backup to the same name is refused)', { timeout: 90_000 }, async () => {
    expect((await cli(['demo', 'load', '--sqlite', db])).stdout).toContain('demo district loaded');
    const copy = path.join(dir, 'backup.db');
    const b = await cli(['backup', copy, '--sqlite', db]);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('integrity ok');
    expect((await cli(['audit-log', 'verify', '--sqlite', copy])).stdout).toContain('audit log intact');
    const again = await cli(['backup', copy, '--sqlite', db]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('exists');
  });
});
