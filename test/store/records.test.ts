// The records store and its use cases, on SQLite and on PostgreSQL: rows, access by role, optimistic concurrency, audit entries.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.js';
import { decideAuthorization, revokeAuthorization } from '../../src/app/decide-authorization.js';
import { fileDisclosure } from '../../src/app/file-disclosure.js';
import { addApprovedTool, listApprovedToolsFor, retireApprovedTool } from '../../src/app/manage-approved-tools.js';
import { contextCacheFor } from '../../src/app/run-check.js';
import { fileMandatedReport, listMandatedReportsFor, markReportMade } from '../../src/app/file-mandated-report.js';
import { closeDisciplineCase, openDisciplineCase } from '../../src/app/open-discipline-case.js';
import { recordConsent } from '../../src/app/record-consent.js';
import { registerMonitoredAccount } from '../../src/app/register-monitored-account.js';
import { requestAuthorization } from '../../src/app/request-authorization.js';
import { answerSiteAccess, requestSiteAccess } from '../../src/app/request-site-access.js';
import { revokeConsent } from '../../src/app/revoke-consent.js';
import { runCheck } from '../../src/app/run-check.js';
import { listConsentsFor, viewConsent } from '../../src/app/view-consents.js';
import type { Store } from '../../src/store/create-db.js';
import { listAudit, verifyAuditLog } from '../../src/store/repos/audit-log.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from './databases.js';
import { SIGNATURE, smallDistrict, type SmallDistrict } from './fixtures.js';

const NOW = new Date('2026-10-03T20:00:00Z');

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`records on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let deps: AppDeps;
    let d: SmallDistrict;

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      deps = { db: store.db, now: () => NOW, filesDir: `${process.env.TMPDIR ?? '/tmp'}/clearpost-files-${dialect}-${process.pid}` };
      d = await smallDistrict(deps);
    });
    afterAll(async () => {
      await store?.close();
      await tdb?.drop();
      if (deps?.filesDir !== undefined) fs.rmSync(deps.filesDir, { recursive: true, force: true });
    });

    it('creates the district with its buildings, tools, people and a started audit chain', async () => {
      const people = await store.db.selectFrom('people').select(['name', 'kind', 'active', 'version', 'created_by']).where('district_id', '=', d.districtId).orderBy('name').execute();
      expect(people).toEqual([
        { name: 'Dana Whitfield', kind: 'employee', active: 1, version: 1, created_by: 'system:test' },
        { name: 'Lee Park', kind: 'employee', active: 1, version: 1, created_by: 'system:test' },
        { name: 'Maya Lopez', kind: 'student', active: 1, version: 1, created_by: 'system:test' },
        { name: 'Omar Haddad', kind: 'student', active: 1, version: 1, created_by: 'system:test' },
        { name: 'Rosa Lopez', kind: 'guardian', active: 1, version: 1, created_by: 'system:test' },
      ]);
      const audit = await listAudit(store.db, d.districtId);
      expect(audit.map((e) => [e.seq, e.action])).toEqual([
        [1, 'district.create'],
        [2, 'person.add'],
        [3, 'person.add'],
        [4, 'person.add'],
        [5, 'person.add'],
        [6, 'person.add'],
        [7, 'guardian-link.add'],
      ]);
      expect(audit[1]!.prev_hash).toBe(audit[0]!.hash);
    });

    it('a guardian signs consent for their own child only; staff need written consent; the form is stored by sha256', async () => {
      const g = d.as('guardian', d.guardian);
      const c = await recordConsent(deps, g, { type: 'student-image', subjectId: d.maya.id, scope: ['district-accounts'], validFrom: '2026-09-01', validUntil: '2027-06-30', signature: SIGNATURE });
      const row = await store.db.selectFrom('consents').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ type: 'student-image', subject_id: d.maya.id, written: 1, granted_by: 'parent', granted_by_person_id: d.guardian.id, scope: '["district-accounts"]', signer_name: 'Rosa Lopez', signer_ip: '203.0.113.7', text_hash: 'a'.repeat(64), version: 1 });
      await expect(recordConsent(deps, g, { type: 'student-image', subjectId: d.omar.id, validFrom: '2026-09-01', signature: SIGNATURE })).rejects.toMatchObject({ code: 'not-found' });
      await expect(recordConsent(deps, d.as('employee', d.dana), { type: 'student-image', subjectId: d.maya.id, written: true, validFrom: '2026-09-01' })).rejects.toMatchObject({ code: 'not-found' });
      const staff = d.as('communications');
      await expect(recordConsent(deps, staff, { type: 'student-image', subjectId: d.omar.id, validFrom: '2026-09-01' })).rejects.toMatchObject({ code: 'invalid-request', field: 'written' });
      const paper = await recordConsent(deps, staff, { type: 'social-network-participation', subjectId: d.omar.id, network: 'Instagram', validFrom: '2026-09-01', form: { bytes: new TextEncoder().encode('%PDF signed form'), extension: 'pdf' } });
      expect(paper.form_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(paper.network).toBe('instagram');
      expect(paper.form_path).toContain(paper.form_sha256!);
    });

    it('revocation keeps the consent with who, when and why; a stale version is refused', async () => {
      const g = d.as('guardian', d.guardian);
      const c = await recordConsent(deps, g, { type: 'student-image', subjectId: d.maya.id, scope: ['personal-accounts'], validFrom: '2026-09-01', signature: SIGNATURE });
      await expect(revokeConsent(deps, g, { id: c.id, version: 7, reason: 'changed mind' })).rejects.toMatchObject({ code: 'precondition-failed' });
      await expect(revokeConsent(deps, d.as('employee', d.dana), { id: c.id })).rejects.toMatchObject({ code: 'not-found' });
      const r = await revokeConsent(deps, g, { id: c.id, version: 1, reason: 'changed mind' });
      expect(r).toMatchObject({ revoked_at: NOW.toISOString(), revoked_by: g.id, revoke_reason: 'changed mind', version: 2 });
      await expect(revokeConsent(deps, g, { id: c.id })).rejects.toMatchObject({ code: 'conflict' });
      const { events } = await viewConsent(deps, g, c.id);
      expect(events.map((e) => e.event)).toEqual(['recorded', 'revoked']);
      expect(await store.db.selectFrom('consents').select('id').where('id', '=', c.id).execute()).toHaveLength(1);
    });

    it('a guardian lists only their children’s consents, an employee only their own; staff reads of student consents are audit-logged', async () => {
      const co = await recordConsent(deps, d.as('employee', d.lee), { type: 'coworker-image', subjectId: d.lee.id, granteeId: d.dana.id, validFrom: '2026-09-01' });
      const mine = await listConsentsFor(deps, d.as('guardian', d.guardian));
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine.map((c) => c.subject_id))).toEqual(new Set([d.maya.id]));
      expect((await listConsentsFor(deps, d.as('employee', d.dana))).map((c) => c.id)).toEqual([co.id]);
      expect((await listConsentsFor(deps, d.as('employee', d.lee))).map((c) => c.id)).toEqual([co.id]);
      expect(await listConsentsFor(deps, d.as('employee'))).toEqual([]);
      const before = (await listAudit(store.db, d.districtId, { limit: 1000 })).length;
      const all = await listConsentsFor(deps, d.as('hr'));
      const after = await listAudit(store.db, d.districtId, { limit: 1000 });
      expect(after).toHaveLength(before + 1);
      const read = after.at(-1)!;
      expect(read).toMatchObject({ action: 'consent.read', actor: 'user:hr:none' });
      expect((JSON.parse(read.details) as { ids: string[] }).ids.sort()).toEqual(all.filter((c) => c.type !== 'coworker-image').map((c) => c.id).sort());
    });

    it('authorizations: requested by the employee, decided only by the Superintendent, then revoked', async () => {
      const emp = d.as('employee', d.dana);
      const a = await requestAuthorization(deps, emp, { type: 'instructional-use', network: 'Instagram', activity: 'Science club photo journal', reason: 'club' });
      expect(a).toMatchObject({ status: 'requested', employee_id: d.dana.id, network: 'instagram' });
      await expect(decideAuthorization(deps, d.as('hr'), { id: a.id, decision: 'approved', validFrom: '2026-09-01' })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(requestAuthorization(deps, emp, { type: 'spokesperson', employeeId: d.lee.id })).rejects.toMatchObject({ code: 'not-found' });
      const ok = await decideAuthorization(deps, d.as('superintendent'), { id: a.id, version: 1, decision: 'approved', validFrom: '2026-09-01', validUntil: '2027-06-30' });
      expect(ok).toMatchObject({ status: 'approved', decided_by: 'user:superintendent:none', valid_from: '2026-09-01', version: 2 });
      await expect(decideAuthorization(deps, d.as('superintendent'), { id: a.id, decision: 'denied' })).rejects.toMatchObject({ code: 'conflict' });
      const rv = await revokeAuthorization(deps, d.as('superintendent'), { id: a.id, version: 2, reason: 'club ended' });
      expect(rv).toMatchObject({ status: 'revoked', version: 3 });
    });

    it('a new disclosure for the same school year supersedes the last one', async () => {
      const emp = d.as('employee', d.dana);
      const first = await fileDisclosure(deps, emp, { schoolYear: '2026-2027', groups: [{ network: 'Facebook', name: 'Cardinals Hockey Boosters' }] });
      const second = await fileDisclosure(deps, emp, { schoolYear: '2026-2027', groups: [{ network: 'facebook', name: 'Cardinals Hockey Boosters' }, { name: 'Robotics parents' }] });
      const rows = await store.db.selectFrom('disclosures').select(['id', 'superseded_by', 'version']).where('employee_id', '=', d.dana.id).orderBy('id').execute();
      expect(rows).toEqual([
        { id: first.id, superseded_by: second.id, version: 2 },
        { id: second.id, superseded_by: null, version: 1 },
      ]);
      await expect(fileDisclosure(deps, emp, { schoolYear: '2026-2028', groups: [] })).rejects.toMatchObject({ field: 'schoolYear' });
      await expect(fileDisclosure(deps, emp, { employeeId: d.lee.id, schoolYear: '2026-2027', groups: [] })).rejects.toMatchObject({ code: 'not-found' });
    });

    it('a mandated report is due 24 hours after awareness and shows as overdue until it is made', async () => {
      const emp = d.as('employee', d.lee);
      const r = await fileMandatedReport(deps, emp, { what: 'Post suggesting a student is being harmed', whereSeen: 'Instagram', awareAt: '2026-10-02T08:00:00-05:00' });
      expect(r).toMatchObject({ aware_at: '2026-10-02T13:00:00.000Z', due_at: '2026-10-03T13:00:00.000Z', status: 'open', overdue: true });
      expect((await listMandatedReportsFor(deps, d.as('hr'), { overdueOnly: true })).map((x) => x.id)).toEqual([r.id]);
      expect(await listMandatedReportsFor(deps, d.as('employee', d.dana))).toEqual([]);
      const made = await markReportMade(deps, emp, { id: r.id, version: 1, reportedTo: 'County child protection', reportedAt: '2026-10-03T12:00:00Z' });
      expect(made).toMatchObject({ status: 'reported', overdue: false, version: 2 });
    });

    it('a discipline case references checks and reports of the district and closes with an outcome', async () => {
      const chk = await runCheck(deps, d.as('employee', d.dana), { post: { text: 'Great game tonight!', network: 'facebook', account: { kind: 'personal' }, postedAt: '2026-10-03T19:45:00-05:00' } });
      const rep = await fileMandatedReport(deps, d.as('employee', d.dana), { what: 'x', whereSeen: 'y', awareAt: '2026-10-03T10:00:00Z' });
      await expect(openDisciplineCase(deps, d.as('hr'), { employeeId: d.dana.id, summary: 's', checkIds: ['nope'] })).rejects.toMatchObject({ field: 'checkIds' });
      await expect(openDisciplineCase(deps, d.as('building-supervisor'), { employeeId: d.dana.id, summary: 's' })).rejects.toMatchObject({ code: 'forbidden' });
      const c = await openDisciplineCase(deps, d.as('hr'), { employeeId: d.dana.id, summary: 'Posts during duty time', checkIds: [chk.id], reportIds: [rep.id] });
      expect(JSON.parse(c.check_ids)).toEqual([chk.id]);
      await expect(closeDisciplineCase(deps, d.as('hr'), { id: c.id, version: 5, outcome: 'verbal-warning' })).rejects.toMatchObject({ code: 'precondition-failed' });
      expect(await closeDisciplineCase(deps, d.as('hr'), { id: c.id, version: 1, outcome: 'verbal-warning' })).toMatchObject({ status: 'closed', outcome: 'verbal-warning', version: 2 });
    });

    it('IV.E: monitored accounts and site-access requests the employee answers', async () => {
      await expect(registerMonitoredAccount(deps, d.as('employee', d.dana), { network: 'x', handle: '@dana', reason: 'r' })).rejects.toMatchObject({ code: 'forbidden' });
      const m = await registerMonitoredAccount(deps, d.as('building-supervisor'), { employeeId: d.dana.id, network: 'X', handle: '@dana', reason: 'public class account' });
      expect(m).toMatchObject({ network: 'x', active: 1, requested_by: 'user:building-supervisor:none' });
      const a = await requestSiteAccess(deps, d.as('hr'), { employeeId: d.dana.id, process: 'promotion', network: 'facebook', reason: 'Assistant principal selection' });
      await expect(answerSiteAccess(deps, d.as('employee', d.lee), { id: a.id, answer: 'provided' })).rejects.toMatchObject({ code: 'not-found' });
      expect(await answerSiteAccess(deps, d.as('employee', d.dana), { id: a.id, version: 1, answer: 'declined' })).toMatchObject({ status: 'declined', responded_at: NOW.toISOString() });
    });

    it('run-check uses the stored records, sees a new consent at once, and keeps a replayable history row', async () => {
      const emp = d.as('employee', d.dana);
      const post = { text: 'Art day in room 12!', network: 'facebook', account: { kind: 'personal' as const }, postedAt: '2026-10-03T19:45:00-05:00', images: [{ description: 'student at the easel', depicts: [d.omar.id], setting: 'classroom' as const }] };
      const before = await runCheck(deps, emp, { post });
      expect(before.response.findings.filter((f) => f.rule === 'student-image-without-consent')).toHaveLength(1);
      expect(before.response.verdict).toBe('block');
      await recordConsent(deps, d.as('communications'), { type: 'student-image', subjectId: d.omar.id, written: true, scope: ['personal-accounts'], validFrom: '2026-09-01' });
      const after = await runCheck(deps, emp, { post: { ...post, author: d.lee.id } });
      expect(after.response.findings.filter((f) => f.rule === 'student-image-without-consent')).toEqual([]);
      const row = await store.db.selectFrom('checks').selectAll().where('id', '=', after.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ author_id: d.dana.id, verdict: after.response.verdict, request_sha256: after.requestSha256, policy_id: '471', policy_version: after.response.policy.version });
      expect(row.engine_version).toMatch(/^clearpost-engine@/);
      const req = JSON.parse(row.request) as { post: { author: string }; context: { source: string; recordsRev: number } };
      expect(req.post.author).toBe(d.dana.id); // an employee checks only their own posts
      expect(req.context.source).toBe('store');
      expect(before.requestSha256).not.toBe(after.requestSha256); // the context changed
      await expect(runCheck(deps, d.as('guardian', d.guardian), { post })).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('the approved-tools catalog: the Superintendent adds and retires tools, checks see it at once', async () => {
      await expect(addApprovedTool(deps, d.as('employee', d.dana), { network: 'seesaw', cipaCompliant: true })).rejects.toMatchObject({ code: 'forbidden' });
      const t = await addApprovedTool(deps, d.as('superintendent'), { network: 'Seesaw', name: 'Seesaw', cipaCompliant: true, passwordProtected: true });
      expect(t).toMatchObject({ network: 'seesaw', cipa_compliant: 1, password_protected: 1, active: 1 });
      await expect(addApprovedTool(deps, d.as('admin'), { network: 'seesaw', cipaCompliant: true })).rejects.toMatchObject({ code: 'conflict' });
      const tools = async () => (await contextCacheFor(store.db).get(store.db, d.districtId)).context.district!.approvedTools!.map((x) => x.network);
      expect(await tools()).toEqual(['schoology', 'seesaw']);
      await expect(retireApprovedTool(deps, d.as('superintendent'), { id: t.id, version: 3 })).rejects.toMatchObject({ code: 'precondition-failed' });
      expect(await retireApprovedTool(deps, d.as('superintendent'), { id: t.id, version: 1 })).toMatchObject({ active: 0, version: 2 });
      expect(await tools()).toEqual(['schoology']);
      expect((await listApprovedToolsFor(deps, d.as('employee', d.dana))).map((x) => x.network)).toEqual(['schoology']);
    });

    it('the audit chain holds over concurrent writes and verifies', async () => {
      const emp = d.as('employee', d.dana);
      await Promise.all(Array.from({ length: 40 }, (_, i) => fileMandatedReport(deps, emp, { what: `report ${i}`, whereSeen: 'web', awareAt: '2026-10-03T10:00:00Z' })));
      const seqs = (await listAudit(store.db, d.districtId, { limit: 10_000 })).map((e) => e.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const v = await verifyAuditLog(store.db);
      expect(v).toMatchObject({ ok: true, firstBroken: undefined });
      expect(v.entries).toBe(seqs.length);
    });
  });
}
