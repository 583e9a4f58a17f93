// `clearpost audit-log verify`: walk the hash chain of every district; exit 0 intact, 1 at the first broken entry.
import type { Command } from 'commander';
import { findDistrict } from '../../app/find-district.js';
import { verifyAuditChain } from '../../app/verify-audit-log.js';
import { createDb, storeOptionsFrom } from '../../store/create-db.js';
import { EXIT } from '../exit-codes.js';
import { addStoreFlags, type StoreFlags } from './import.js';

export function registerAuditLog(program: Command): void {
  const cmd = program.command('audit-log').description('the append-only, hash-chained audit log');
  addStoreFlags(
    cmd
      .command('verify')
      .description('check every entry against its hash and the one before it (exit 0 intact, 1 broken)')
      .option('--district <id|slug>', 'only this district')
      .option('--json', 'print the result as JSON'),
  ).action(async (opts: StoreFlags & { district?: string; json?: boolean }) => {
    const store = await createDb(storeOptionsFrom(process.env, opts));
    try {
      const deps = { db: store.db };
      const districtId = opts.district === undefined ? undefined : (await findDistrict(deps, opts.district)).id;
      const r = await verifyAuditChain(deps, undefined, { districtId });
      if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
      else if (r.ok) process.stdout.write(`audit log intact: ${r.entries} entries in ${r.districts} district chain(s)\n`);
      else process.stdout.write(`audit log BROKEN at district ${r.firstBroken!.districtId}, entry ${r.firstBroken!.seq}: ${r.firstBroken!.reason} (${r.entries} entries before it verified)\n`);
      process.exitCode = r.ok ? EXIT.ok : EXIT.revise;
    } finally {
      await store.close();
    }
  });
}
