// OneRoster import on SQLite and PostgreSQL, on the real samples in shared/data/oneroster (read in place) and a roster with bad rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/access.js';
import { systemActor } from '../../src/app/access.js';
import { createDistrict } from '../../src/app/create-district.js';
import type { AppDeps } from '../../src/app/deps.js';
import { importOneRoster } from '../../src/app/import-oneroster.js';
import type { Store } from '../../src/store/create-db.js';
import { verifyAuditLog } from '../../src/store/repos/audit-log.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from './databases.js';

const SAMPLES = path.resolve(__dirname, '../../../shared/data/oneroster');
const CATALYST = path.join(SAMPLES, 'catalyst-moodle-enrol-oneroster');
const OAT = path.join(SAMPLES, 'oat-sa-oneroster-import', 'OneRosterv1p1BaseCSV');

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect) || !fs.existsSync(SAMPLES))(`OneRoster import on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let deps: AppDeps;
    let admin: Actor;
    const people = async (districtId = admin.districtId) =>
      store.db.selectFrom('people').select(['sourced_id', 'kind', 'name', 'active', 'version']).where('district_id', '=', districtId).orderBy('sourced_id').execute();

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      deps = { db: store.db };
      const d = await createDistrict(deps, 'test', { name: 'Roster District', slug: 'roster' });
      admin = systemActor(d.id, 'import');
    });
    afterAll(async () => {
      await store?.close();
      await tdb?.drop();
    });

    it('imports the v1.1 zip: orgs → buildings, users → people, agents → guardian links; non-guardian agents reported by line', async () => {
      const r = await importOneRoster(deps, admin, { path: path.join(CATALYST, 'Test_full_data_set.zip') });
      expect(r).toMatchObject({ version: '1.1', mode: 'bulk', buildings: { added: 1 }, people: { added: 6, updated: 0, deactivated: 0 }, links: { added: 1 } });
      expect(r.problems.map((p) => [p.file, p.line])).toEqual([
        ['users.csv', 3],
        ['users.csv', 5],
        ['users.csv', 6],
        ['users.csv', 7],
      ]);
      const rows = await people();
      expect(rows.map((p) => [p.sourced_id, p.kind])).toEqual([
        ['usr-222-123456', 'employee'],
        ['usr-222-1234561', 'guardian'],
        ['usr-222-1234561232', 'student'],
        ['usr-222-567891', 'student'],
        ['usr-222-66778899', 'student'],
        ['usr-222-987654', 'employee'],
      ]);
      const b = await store.db.selectFrom('buildings').select(['sourced_id', 'name', 'kind']).where('district_id', '=', admin.districtId).execute();
      expect(b).toEqual([{ sourced_id: 'org-sch-222-456', name: 'History Department', kind: 'department' }]);
      const link = await store.db
        .selectFrom('guardian_links as l')
        .innerJoin('people as g', 'g.id', 'l.guardian_id')
        .innerJoin('people as s', 's.id', 'l.student_id')
        .select(['g.sourced_id as guardian', 's.sourced_id as student', 'l.source'])
        .where('l.district_id', '=', admin.districtId)
        .execute();
      expect(link).toEqual([{ guardian: 'usr-222-1234561', student: 'usr-222-66778899', source: 'oneroster' }]);
    });

    it('is idempotent: the same roster again (as the extracted folder) changes nothing', async () => {
      const before = await people();
      const r = await importOneRoster(deps, admin, { path: path.join(CATALYST, 'Test_full_data_set') });
      expect(r.people).toEqual({ added: 0, updated: 0, unchanged: 6, deactivated: 0 });
      expect(r.links).toEqual({ added: 0, updated: 0, unchanged: 1, deactivated: 0 });
      expect(await people()).toEqual(before);
    });

    it('a delta package (v1.2, CRLF) adds without deactivating anyone', async () => {
      const r = await importOneRoster(deps, admin, { path: path.join(CATALYST, 'oneroster_test_data.zip') });
      expect(r).toMatchObject({ version: '1.2', mode: 'delta', people: { added: 1, deactivated: 0 }, rows: { demographics: 1 } });
      expect((await people()).filter((p) => p.active === 1)).toHaveLength(7);
    });

    it('a new full roster deactivates (never deletes) whoever it no longer lists, and the audit chain still verifies', async () => {
      const r = await importOneRoster(deps, admin, { path: OAT });
      expect(r).toMatchObject({ version: '1.1', people: { added: 2, deactivated: 7 }, buildings: { added: 2, deactivated: 2 }, links: { deactivated: 1 } });
      const rows = await people();
      expect(rows).toHaveLength(9);
      expect(rows.filter((p) => p.active === 1).map((p) => p.sourced_id)).toEqual(['user1', 'user2']);
      expect(rows.find((p) => p.sourced_id === 'usr-222-123456')).toMatchObject({ active: 0, version: 2 });
      expect((await verifyAuditLog(store.db)).ok).toBe(true);
      const runs = await store.db.selectFrom('import_runs').select(['format', 'mode']).where('district_id', '=', admin.districtId).orderBy('id').execute();
      expect(runs.map((x) => x.format)).toEqual(['oneroster-1.1', 'oneroster-1.1', 'oneroster-1.2', 'oneroster-1.1']);
    });

    it('v1.2 roles.csv gives the role (a teacher with a secondary guardian role links to their children)', async () => {
      const d = await createDistrict(deps, 'test', { name: 'V12', slug: 'v12' });
      const r = await importOneRoster(deps, systemActor(d.id, 'import'), { path: path.join(CATALYST, 'v1p2_full_dataset') });
      expect(r).toMatchObject({ version: '1.2', people: { added: 6 }, links: { added: 2 } });
      expect((await people(d.id)).map((p) => p.kind)).toEqual(['employee', 'employee', 'student', 'student', 'student', 'employee']);
    });

    it('reports bad rows with file and line and imports the rest', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-roster-'));
      try {
        fs.writeFileSync(path.join(dir, 'manifest.csv'), 'propertyName,value\noneroster.version,1.1\nfile.users,bulk\n');
        fs.writeFileSync(path.join(dir, 'orgs.csv'), 'sourcedId,status,dateLastModified,name,type\nS1,active,,Lincoln Elementary,school\n');
        fs.writeFileSync(
          path.join(dir, 'users.csv'),
          [
            'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,familyName,agentSourcedIds',
            'u1,active,,TRUE,S1,teacher,ann,Ann,Berg,',
            ',active,,TRUE,S1,student,x,No,Id,',
            'u2,active,,TRUE,S1,wizard,y,Merlin,Ambrosius,',
            'u3,active,,TRUE,S1,student,z,Zoe,Quist,g1',
            'u1,active,,TRUE,S1,teacher,ann,Ann,Again,',
            'u4,active,,TRUE,S1,student,"q,Broken,Quote,',
            'g1,active,,TRUE,S1,parent,g,Gus,Quist,u3',
            'u5,active,,TRUE,S1,student,w,Wes,Tell,,extra',
          ].join('\n') + '\n',
        );
        const d = await createDistrict(deps, 'test', { name: 'Bad rows', slug: 'bad-rows' });
        const r = await importOneRoster(deps, systemActor(d.id, 'import'), { path: dir });
        expect(r.problems.map((p) => [p.file, p.line, p.message])).toEqual([
          ['users.csv', 7, 'unreadable CSV row: a quote is never closed'],
          ['users.csv', 9, '1 value(s) without a column header (the row has 11 fields, the header 10)'],
          ['users.csv', 3, 'sourcedId is empty'],
          ['users.csv', 4, 'user u2: unknown role "wizard"'],
          ['users.csv', 6, 'duplicate sourcedId u1'],
        ]);
        // Every other row imported, the guardian link of the rows after the broken one included.
        const rows = await people(d.id);
        expect(rows.map((p) => p.sourced_id)).toEqual(['g1', 'u1', 'u3', 'u5']);
        expect(r.links.added).toBe(1);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
