// `clearpost demo load`: the fictional Alexandria Public Schools district (what `npm start` loads on first run).
import type { Command } from 'commander';
import { loadDemoDistrict } from '../../app/load-demo-district.js';
import { createDb, storeOptionsFrom } from '../../store/create-db.js';
import { addStoreFlags, type StoreFlags } from './import.js';

export function registerDemo(program: Command): void {
  const cmd = program.command('demo').description('the demo district');
  addStoreFlags(
    cmd
      .command('load')
      .description('create the demo district (a fictional roster of a few hundred people) unless it exists')
      .option('--json', 'print the result as JSON'),
  ).action(async (opts: StoreFlags & { json?: boolean }) => {
    const store = await createDb(storeOptionsFrom(process.env, opts));
    try {
      const r = await loadDemoDistrict({ db: store.db });
      if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stdout.write(r.created ? `demo district loaded in ${store.location}: ${r.counts.employees} employees, ${r.counts.students} students, ${r.counts.guardians} guardians, ${r.counts.consents} consents\n` : `demo district already in ${store.location}\n`);
    } finally {
      await store.close();
    }
  });
}
