// `clearpost calendar run [--now ISO]`: run the policy's calendar sweeps once (what the server's jobs do on schedule); safe to repeat.
import type { Command } from 'commander';
import { SWEEPS, runCalendar, type SweepName } from '../../app/calendar/run-calendar.js';
import { findDistrict } from '../../app/find-district.js';
import { loadConfig } from '../../config.js';
import { ClearpostError } from '../../core/errors.js';
import { createSmtpMailer } from '../../mail/smtp.js';
import { createDb, storeOptionsFrom } from '../../store/create-db.js';
import { EXIT } from '../exit-codes.js';
import { addStoreFlags, type StoreFlags } from './import.js';

const NAMES = Object.keys(SWEEPS) as SweepName[];

export function registerCalendar(program: Command): void {
  const cmd = program.command('calendar').description("the policy's calendar: disclosure campaign, consents and authorizations about to end, mandated-report deadlines");
  addStoreFlags(
    cmd
      .command('run')
      .description('run the sweeps once and send their notices (in-app, and e-mail when SMTP_* is set); a notice already sent is not sent again. Exit 0 done, 3 bad input, 4 a sweep failed')
      .option('--now <iso>', 'the time to run at (ISO 8601), e.g. to catch up or to try a date; default: now')
      .option('--district <id|slug>', 'only this district (default: every district)')
      .option('--sweep <name...>', `only these sweeps: ${NAMES.join(', ')}`)
      .option('--json', 'print the results as JSON'),
  ).action(async (opts: StoreFlags & { now?: string; district?: string; sweep?: string[]; json?: boolean }) => {
    const now = opts.now === undefined ? new Date() : new Date(opts.now);
    if (opts.now !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(opts.now) || Number.isNaN(now.getTime()))) throw new ClearpostError('invalid-request', '--now: expected an ISO 8601 date-time, e.g. 2026-07-01T13:00:00Z', 'now');
    const bad = (opts.sweep ?? []).find((s) => !NAMES.includes(s as SweepName));
    if (bad !== undefined) throw new ClearpostError('invalid-request', `--sweep: unknown sweep "${bad}" (one of ${NAMES.join(', ')})`, 'sweep');
    const config = loadConfig();
    const mailer = config.mail === undefined ? undefined : createSmtpMailer(config.mail);
    const store = await createDb(storeOptionsFrom(process.env, opts));
    try {
      const deps = { db: store.db, mailer, publicUrl: config.publicUrl };
      const districtId = opts.district === undefined ? undefined : (await findDistrict(deps, opts.district)).id;
      const r = await runCalendar(deps, { now, districtId, sweeps: opts.sweep as SweepName[] | undefined });
      if (opts.json) process.stdout.write(JSON.stringify({ now: now.toISOString(), ...r }) + '\n');
      else {
        process.stdout.write(`calendar at ${now.toISOString()}${mailer === undefined ? ' (no SMTP configured: e-mails wait in the outbox)' : ''}\n`);
        for (const x of r.results) process.stdout.write(`  ${x.sweep.padEnd(26)} district ${x.districtId}: ${x.notices} notice(s), ${x.emails} e-mail(s)\n`);
        for (const e of r.errors) process.stderr.write(`clearpost: ${e.sweep} in district ${e.districtId} failed: ${e.error}\n`);
      }
      process.exitCode = r.errors.length > 0 ? EXIT.failure : EXIT.ok;
    } finally {
      mailer?.close();
      await store.close();
    }
  });
}
