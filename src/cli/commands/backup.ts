// `clearpost backup FILE`: a consistent copy of the live SQLite database (safe while the server runs).
import type { Command } from 'commander';
import { backupDatabase } from '../../app/backup-database.js';
import { ClearpostError } from '../../core/errors.js';
import { storeOptionsFrom } from '../../store/create-db.js';
import type { StoreFlags } from './import.js';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the SQLite database consistently, even while it is in use (PostgreSQL: use pg_dump)')
    .argument('<file>', 'the new backup file (must not exist)')
    .option('--sqlite <file>', 'the database to copy (default: DATABASE_URL or data/clearpost.db)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: Pick<StoreFlags, 'sqlite'> & { json?: boolean }) => {
      const o = storeOptionsFrom(process.env, opts);
      if (o.sqliteFile === undefined) throw new ClearpostError('invalid-request', 'backup copies a SQLite database; for PostgreSQL use pg_dump', 'database');
      const r = await backupDatabase(o.sqliteFile, file);
      process.stdout.write(opts.json ? JSON.stringify(r) + '\n' : `backed up ${o.sqliteFile} to ${r.file}: ${r.bytes} bytes, ${r.pages} pages, integrity ${r.integrity}, ${r.ms} ms\n`);
    });
}
