// Child process of the crash test: acknowledged writes (one line per committed write) and roster imports, until it is killed.
import { systemActor, type Actor } from '../../src/app/access.js';
import { fileMandatedReport } from '../../src/app/file-mandated-report.js';
import { importOneRoster } from '../../src/app/import-oneroster.js';
import { createDb } from '../../src/store/create-db.js';

const [mode, districtId, personId, rosterA, rosterB] = process.argv.slice(2) as [string, string, string, string?, string?];
const store = await createDb(JSON.parse(process.env.CRASH_STORE!) as { sqliteFile?: string; databaseUrl?: string });
const deps = { db: store.db };
const employee: Actor = { districtId, id: `user:${personId}`, personId, roles: ['employee'] };
const say = (line: string) => process.stdout.write(`${line}\n`);

async function burst(workers: number): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        const n = i++;
        const r = await fileMandatedReport(deps, employee, { what: `burst ${n}`, whereSeen: 'crash test', awareAt: '2026-10-03T10:00:00Z' });
        say(`ack ${r.id}`);
      }
    }),
  );
}

say('ready');
if (mode === 'writes') {
  await burst(4);
} else {
  const admin = systemActor(districtId, 'crash-import');
  const a = await importOneRoster(deps, admin, { path: rosterA! });
  say(`import-acked ${a.runId} ${a.people.added}`);
  void burst(2);
  say('import-b-start');
  const b = await importOneRoster(deps, admin, { path: rosterB! });
  say(`import-acked ${b.runId} ${b.people.added}`);
}
