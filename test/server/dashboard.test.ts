// Dashboard and consent-coverage summaries over the API (JSON and CSV), on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/app/access.js';
import { isoWeek, schoolYearOf, weekStart } from '../../src/app/dashboard.js';
import { recordConsent } from '../../src/app/record-consent.js';
import { revokeConsent } from '../../src/app/revoke-consent.js';
import { DIALECTS, dialectAvailable } from '../store/databases.js';
import { startKit, type Kit } from './kit.js';

describe('calendar helpers', () => {
  it('numbers ISO weeks across year ends and finds the Monday', () => {
    expect(isoWeek('2026-11-25')).toBe('2026-W48');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2026-01-04')).toBe('2026-W01');
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(schoolYearOf('2026-11-25')).toBe('2026-2027');
    expect(schoolYearOf('2027-06-30')).toBe('2026-2027');
    expect(schoolYearOf('2027-07-01')).toBe('2027-2028');
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`dashboard and consent coverage on ${dialect}`, () => {
    let k: Kit;
    let cell: { building_id: string; grade: string; ids: string[] };
    let baseline: { students: number; studentImage: { consented: number }; socialNetwork: { consented: number } };
    beforeAll(async () => {
      k = await startKit(dialect, { students: 60 });
      const students = await k.store.db.selectFrom('people').select(['id', 'building_id', 'grade']).where('district_id', '=', k.demo.districtId).where('kind', '=', 'student').where('active', '=', 1).execute();
      const groups = new Map<string, string[]>();
      for (const s of students) groups.set(`${s.building_id}|${s.grade}`, [...(groups.get(`${s.building_id}|${s.grade}`) ?? []), s.id]);
      const [key, ids] = [...groups.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
      expect(ids.length).toBeGreaterThanOrEqual(4);
      cell = { building_id: key.split('|')[0]!, grade: key.split('|')[1]!, ids };
      const staff = systemActor(k.demo.districtId, 'test');
      const deps = k.deps;
      // The demo district comes with consents: revoke this cell's so its numbers are known.
      const existing = await k.store.db.selectFrom('consents').select('id').where('district_id', '=', k.demo.districtId).where('subject_id', 'in', ids).where('revoked_at', 'is', null).execute();
      for (const c of existing) await revokeConsent(deps, staff, { id: c.id, reason: 'test setup' });
      baseline = (await k.as('hr', { url: '/api/v1/consent-coverage' })).json().totals;
      // In force: two image consents (one limited to district accounts), one participation consent.
      await recordConsent(deps, staff, { type: 'student-image', subjectId: ids[0]!, written: true, validFrom: '2026-08-01' });
      await recordConsent(deps, staff, { type: 'student-image', subjectId: ids[1]!, written: true, validFrom: '2026-08-01', scope: ['district-accounts'] });
      await recordConsent(deps, staff, { type: 'social-network-participation', subjectId: ids[0]!, written: true, validFrom: '2026-08-01', network: 'seesaw' });
      // Not in force: revoked, expired, not yet valid.
      const revoked = await recordConsent(deps, staff, { type: 'student-image', subjectId: ids[2]!, written: true, validFrom: '2026-08-01' });
      await revokeConsent(deps, staff, { id: revoked.id, reason: 'guardian asked' });
      await recordConsent(deps, staff, { type: 'student-image', subjectId: ids[3]!, written: true, validFrom: '2025-08-01', validUntil: '2026-06-30' });
      await recordConsent(deps, staff, { type: 'student-image', subjectId: ids[3]!, written: true, validFrom: '2027-01-01' });
    });
    afterAll(async () => {
      await k?.close();
    });

    it('counts students with written consent in force today per building and grade, and logs the read', async () => {
      const before = await k.store.db.selectFrom('audit_log').select('seq').where('entity_id', '=', 'consent-coverage').execute();
      const r = await k.as('building-supervisor', { url: '/api/v1/consent-coverage' });
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(body.asOf).toBe('2026-11-25');
      const row = body.items.find((i: { buildingId: string; grade: string }) => i.buildingId === cell.building_id && i.grade === cell.grade);
      expect(row).toMatchObject({
        students: cell.ids.length,
        studentImage: { consented: 2, percent: Math.round((1000 * 2) / cell.ids.length) / 10, byScope: { 'district-accounts': 2, 'personal-accounts': 1, print: 1, internal: 1 } },
        socialNetwork: { consented: 1 },
      });
      expect(body.totals.students).toBe(60);
      expect(body.totals.studentImage.consented).toBe(baseline.studentImage.consented + 2);
      expect(body.totals.socialNetwork.consented).toBe(baseline.socialNetwork.consented + 1);
      expect(body.items.reduce((n: number, i: { students: number }) => n + i.students, 0)).toBe(60);
      const after = await k.store.db.selectFrom('audit_log').select(['actor', 'action']).where('entity_id', '=', 'consent-coverage').execute();
      expect(after.length).toBe(before.length + 1);
      expect(after.at(-1)?.action).toBe('student.read');
      // Filtered to the one building and grade
      const one = (await k.as('hr', { url: `/api/v1/consent-coverage?buildingId=${cell.building_id}&grade=${cell.grade}` })).json();
      expect(one.items).toHaveLength(1);
      expect(one.totals.students).toBe(cell.ids.length);
    });

    it('gives coverage as CSV, and refuses employees, guardians and anonymous callers', async () => {
      const csv = await k.as('communications', { url: '/api/v1/consent-coverage?format=csv' });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe('building_id,building,grade,students,student_image,student_image_percent,district_accounts,personal_accounts,print,internal,social_network,social_network_percent');
      const json = (await k.as('communications', { url: '/api/v1/consent-coverage' })).json();
      expect(lines.length - 1).toBe(json.items.length);
      expect(lines.some((l) => l.startsWith(`${cell.building_id},`) && l.includes(`,${cell.grade},${cell.ids.length},2,`))).toBe(true);
      for (const who of ['employee', 'guardian', 'anonymous'] as const) expect((await k.as(who, { url: '/api/v1/consent-coverage' })).statusCode).toBe(403);
    });

    it('summarises checks per ISO week by verdict, findings by rule and clause, disclosures by building and overdue reports', async () => {
      const post = (text: string) => k.as('employee', { method: 'POST', url: '/api/v1/checks', payload: { post: { text, network: 'facebook', postedAt: '2026-11-20T19:00:00-06:00' } } });
      const at = async (iso: string, fn: () => Promise<unknown>) => {
        const keep = k.deps.clock.now;
        k.deps.clock.now = new Date(iso);
        try {
          await fn();
        } finally {
          k.deps.clock.now = keep;
        }
      };
      // Week 47 (Nov 16-22): one block, one allow. Week 48 (Nov 23-29): one block. 2026-11-23T03:00Z is still Sunday Nov 22 in Chicago.
      await at('2026-11-17T15:00:00Z', async () => expect((await post('What a sh*tty way to start a Tuesday')).json().verdict).toBe('block'));
      await at('2026-11-23T03:00:00Z', async () => expect((await post('Great game tonight!')).json().verdict).toBe('allow'));
      await at('2026-11-24T15:00:00Z', async () => expect((await post('This sh*tty weather again')).json().verdict).toBe('block'));
      await k.as('employee', { method: 'POST', url: '/api/v1/disclosures', payload: { schoolYear: '2026-2027', groups: [{ name: 'JHS XC Runners', network: 'snapchat' }] } });
      const rep = await k.as('employee', { method: 'POST', url: '/api/v1/mandated-reports', payload: { what: 'late concern', whereSeen: 'Snapchat', awareAt: '2026-11-23T09:00:00Z' } });
      expect(rep.statusCode).toBe(201);

      const r = await k.as('superintendent', { url: '/api/v1/dashboard' });
      expect(r.statusCode).toBe(200);
      const d = r.json();
      expect(d).toMatchObject({ timezone: 'America/Chicago', schoolYear: '2026-2027', range: { to: '2026-11-25' } });
      expect(d.checksByWeek).toHaveLength(12);
      expect(d.checksByWeek.at(-1)).toEqual({ week: '2026-W48', weekStart: '2026-11-23', allow: 0, revise: 0, block: 1, total: 1 });
      expect(d.checksByWeek.at(-2)).toEqual({ week: '2026-W47', weekStart: '2026-11-16', allow: 1, revise: 0, block: 1, total: 2 });
      expect(d.findingsByRule.find((f: { rule: string }) => f.rule === 'obscene-language')).toEqual({ rule: 'obscene-language', clause: 'IV.A', count: 2 });
      expect(d.findingsByWeek.filter((f: { rule: string }) => f.rule === 'obscene-language').map((f: { week: string; count: number }) => [f.week, f.count])).toEqual([
        ['2026-W47', 1],
        ['2026-W48', 1],
      ]);
      const teacherBuilding = (await k.store.db.selectFrom('people').select('building_id').where('id', '=', k.personOf.employee).executeTakeFirstOrThrow()).building_id;
      const b = d.disclosuresByBuilding.find((x: { buildingId: string }) => x.buildingId === teacherBuilding);
      expect(b.disclosed).toBe(1);
      expect(b.percent).toBe(Math.round(1000 / b.employees) / 10);
      expect(d.disclosuresByBuilding.reduce((n: number, x: { disclosed: number }) => n + x.disclosed, 0)).toBe(1);
      expect(d.overdueReports.count).toBe(1);
      expect(d.overdueReports.items[0]).toMatchObject({ id: rep.json().id, reporterId: k.personOf.employee, hoursOverdue: 30 });

      const narrow = (await k.as('hr', { url: '/api/v1/dashboard?from=2026-11-23&to=2026-11-29' })).json();
      expect(narrow.checksByWeek).toEqual([{ week: '2026-W48', weekStart: '2026-11-23', allow: 0, revise: 0, block: 1, total: 1 }]);
    });

    it('gives each dashboard section as CSV, names bad dates, and is for HR, the Superintendent and admins only', async () => {
      const csv = await k.as('admin', { url: '/api/v1/dashboard?format=csv&section=checks' });
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe('week,week_start,allow,revise,block,total');
      expect(lines).toHaveLength(13);
      const findings = (await k.as('admin', { url: '/api/v1/dashboard?format=csv&section=findings' })).body;
      expect(findings).toContain('2026-W47,obscene-language,IV.A,1');
      expect((await k.as('admin', { url: '/api/v1/dashboard?format=csv&section=overdue-reports' })).body.split('\r\n')[0]).toBe('id,reporter_id,reporter,aware_at,due_at,hours_overdue');
      const bad = await k.as('hr', { url: '/api/v1/dashboard?from=2026-13-45x' });
      expect([bad.statusCode, bad.json().field]).toEqual([400, 'from']);
      const reversed = await k.as('hr', { url: '/api/v1/dashboard?from=2026-11-25&to=2026-11-01' });
      expect([reversed.statusCode, reversed.json().field]).toEqual([400, 'from']);
      for (const who of ['employee', 'guardian', 'building-supervisor', 'communications', 'anonymous'] as const) expect((await k.as(who, { url: '/api/v1/dashboard' })).statusCode).toBe(403);
    });
  });
}
