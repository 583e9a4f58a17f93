// `clearpost import oneroster PATH`: a OneRoster 1.1/1.2 zip or folder into a district's people, buildings and guardian links.
import type { Command } from 'commander';
import { colorsFor } from '../colors.js';
import { systemActor } from '../../app/access.js';
import { createDistrict } from '../../app/create-district.js';
import { findDistrict } from '../../app/find-district.js';
import { importOneRoster } from '../../app/import-oneroster.js';
import { ClearpostError } from '../../core/errors.js';
import { createDb, storeOptionsFrom } from '../../store/create-db.js';
import { getDistrictBySlug } from '../../store/repos/districts.js';
import { EXIT } from '../exit-codes.js';

export interface StoreFlags {
  databaseUrl?: string;
  sqlite?: string;
}

export function addStoreFlags(cmd: Command): Command {
  return cmd
    .option('--database-url <url>', 'postgres://... (default: DATABASE_URL, else the SQLite file data/clearpost.db)')
    .option('--sqlite <file>', 'a SQLite database file');
}

export function registerImport(program: Command): void {
  const imp = program.command('import').description('import records from other systems');
  addStoreFlags(
    imp
      .command('oneroster')
      .description('import a OneRoster 1.1 or 1.2 CSV package (zip or folder); exit 0 imported, 1 imported with bad rows (--strict), 3 bad input')
      .argument('<path>', 'the .zip or the folder with orgs.csv, users.csv ...')
      .option('--district <id|slug>', 'the district to import into (default: the only one)')
      .option('--create <name>', 'create the district (slug from --district) when it does not exist')
      .option('--strict', 'exit 1 when any row was rejected')
      .option('--json', 'print the result as JSON'),
  ).action(async (p: string, opts: StoreFlags & { district?: string; create?: string; strict?: boolean; json?: boolean }) => {
    const store = await createDb(storeOptionsFrom(process.env, opts));
    try {
      const deps = { db: store.db };
      if (opts.create !== undefined) {
        if (opts.district === undefined) throw new ClearpostError('invalid-request', '--create needs --district SLUG', 'district');
        if ((await getDistrictBySlug(store.db, opts.district)) === undefined) await createDistrict(deps, 'system:cli', { name: opts.create, slug: opts.district });
      }
      const district = await findDistrict(deps, opts.district);
      const r = await importOneRoster(deps, systemActor(district.id, 'cli-import'), { path: p });
      if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        const t = (x: { added: number; updated: number; unchanged: number; deactivated: number }) => `${x.added} added, ${x.updated} updated, ${x.unchanged} unchanged, ${x.deactivated} deactivated`;
        process.stdout.write(`${colorsFor(process.stdout).bold(`OneRoster ${r.version} (${r.mode})`)} into ${district.name} in ${r.ms} ms\n  buildings: ${t(r.buildings)}\n  people:    ${t(r.people)}\n  links:     ${t(r.links)}\n`);
        for (const pr of r.problems) process.stderr.write(`${pr.file}:${pr.line}: ${pr.message}\n`);
        if (r.problems.length > 0) process.stderr.write(`${r.problems.length} row(s) not imported or not linked; the rest was imported.\n`);
      }
      if (opts.strict && r.problems.length > 0) process.exitCode = EXIT.revise;
    } finally {
      await store.close();
    }
  });
}
