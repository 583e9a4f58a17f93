// The records routes of issue 3 over the API, on SQLite and PostgreSQL: consents (paper form upload, history, revoke with If-Match),
// co-worker consents, approved tools, discipline cases, IV.E access requests, the audit log (read is logged, CSV export),
// body limits, and roster import (last: it deactivates the demo roster).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, dialectAvailable } from '../store/databases.js';
import { startKit, type Kit, type Who } from './kit.js';

const CATALYST = path.resolve(import.meta.dirname, '../../../shared/data/oneroster/catalyst-moodle-enrol-oneroster');

/** A multipart body as a browser's FormData would send it. */
async function multipart(fields: Record<string, string | string[]>, files: Record<string, { bytes: Uint8Array; name: string; type: string }>): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
  for (const [k, f] of Object.entries(files)) form.append(k, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% signed by the guardian on paper\n%%EOF\n');

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`records routes on ${dialect}`, () => {
    let k: Kit;
    let filesDir: string;
    let child: string;
    let otherStudent: string;
    beforeAll(async () => {
      filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-files-'));
      k = await startKit(dialect, { filesDir });
      const links = await k.store.db.selectFrom('guardian_links').select(['student_id']).where('guardian_id', '=', k.personOf.guardian).where('active', '=', 1).execute();
      child = links[0]!.student_id;
      otherStudent = (await k.store.db.selectFrom('people').select('id').where('district_id', '=', k.demo.districtId).where('kind', '=', 'student').where('id', 'not in', links.map((l) => l.student_id)).executeTakeFirstOrThrow()).id;
    });
    afterAll(async () => {
      await k?.close();
      fs.rmSync(filesDir, { recursive: true, force: true });
    });

    const json = (who: Who, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) => k.as(who, { method: method as 'GET', url, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }), headers });

    it('records a paper consent with its scanned form (stored under its sha256), serves the form, keeps history, revokes with If-Match', async () => {
      const body = await multipart({ studentId: otherStudent, type: 'student-image', scope: ['district-accounts', 'print'], validFrom: '2026-09-01', validUntil: '2027-06-30' }, { form: { bytes: PDF, name: 'scan.pdf', type: 'application/pdf' } });
      const r = await k.as('building-supervisor', { method: 'POST', url: '/api/v1/consents', ...body });
      expect(r.statusCode).toBe(201);
      const c = r.json();
      const sha = crypto.createHash('sha256').update(PDF).digest('hex');
      expect(c).toMatchObject({ type: 'student-image', subjectId: otherStudent, status: 'current', written: true, scope: ['district-accounts', 'print'], formSha256: sha, version: 1 });
      expect(c.subjectName).toEqual(expect.any(String));
      expect(fs.existsSync(path.join(filesDir, sha.slice(0, 2), `${sha}.pdf`))).toBe(true);

      const form = await k.as('hr', { url: `/api/v1/consents/${c.id}/form` });
      expect(form.statusCode).toBe(200);
      expect(form.headers['content-type']).toBe('application/pdf');
      expect(Buffer.from(form.rawPayload).equals(PDF)).toBe(true);
      const logged = await k.store.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'consent.read').where('entity_id', '=', c.id).execute();
      expect(logged.some((e) => JSON.parse(e.details).form === sha)).toBe(true);

      // A retried upload with the same Idempotency-Key is answered from the first, with no second consent.
      const key = { 'idempotency-key': 'paper-consent-upload-1' };
      const retry1 = await k.as('building-supervisor', { method: 'POST', url: '/api/v1/consents', payload: body.payload, headers: { ...body.headers, ...key } });
      const retry2 = await k.as('building-supervisor', { method: 'POST', url: '/api/v1/consents', payload: body.payload, headers: { ...body.headers, ...key } });
      expect([retry1.statusCode, retry2.statusCode, retry2.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
      expect(retry2.json().id).toBe(retry1.json().id);
      const otherScan = await multipart({ studentId: otherStudent, type: 'student-image', scope: ['district-accounts', 'print'], validFrom: '2026-09-01', validUntil: '2027-06-30' }, { form: { bytes: Buffer.concat([PDF, Buffer.from('another page')]), name: 'scan.pdf', type: 'application/pdf' } });
      const count = async () => (await k.store.db.selectFrom('consents').select('id').where('subject_id', '=', otherStudent).execute()).length;
      const n0 = await count();
      const reused = await k.as('building-supervisor', { method: 'POST', url: '/api/v1/consents', payload: otherScan.payload, headers: { ...otherScan.headers, ...key } });
      expect([reused.statusCode, reused.json().field, await count()]).toEqual([422, 'Idempotency-Key', n0]);
      expect(await k.store.db.selectFrom('consents').select('id').where('subject_id', '=', otherStudent).where('form_sha256', '=', sha).execute()).toHaveLength(2);

      // Not a scan, no form, a bad field: 400 naming the field.
      const txt = await multipart({ studentId: otherStudent, type: 'student-image', validFrom: '2026-09-01' }, { form: { bytes: Buffer.from('hello'), name: 'x.txt', type: 'text/plain' } });
      expect((await k.as('hr', { method: 'POST', url: '/api/v1/consents', ...txt })).json().field).toBe('form');
      const none = await multipart({ studentId: otherStudent, type: 'student-image', validFrom: '2026-09-01' }, {});
      expect((await k.as('hr', { method: 'POST', url: '/api/v1/consents', ...none })).json().field).toBe('form');
      const badDay = await multipart({ studentId: otherStudent, type: 'student-image', validFrom: 'soon' }, { form: { bytes: PDF, name: 'scan.pdf', type: 'application/pdf' } });
      const bd = await k.as('hr', { method: 'POST', url: '/api/v1/consents', ...badDay });
      expect([bd.statusCode, bd.json().field]).toEqual([400, 'validFrom']);
      // A scan over 10 MB: 413 naming the field and the limit.
      const big = await multipart({ studentId: otherStudent, type: 'student-image', validFrom: '2026-09-01' }, { form: { bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), name: 'big.pdf', type: 'application/pdf' } });
      const tooBig = await k.as('hr', { method: 'POST', url: '/api/v1/consents', ...big });
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json()).toMatchObject({ field: 'form', detail: expect.stringContaining('10 MB limit of POST /api/v1/consents') });
      // Guardians and employees do not record paper consents.
      const asGuardian = await multipart({ studentId: child, type: 'student-image', validFrom: '2026-09-01' }, { form: { bytes: PDF, name: 'scan.pdf', type: 'application/pdf' } });
      expect((await k.as('guardian', { method: 'POST', url: '/api/v1/consents', ...asGuardian })).statusCode).toBe(403);

      // Revoke: If-Match required, a stale version is 412, the right one revokes; history shows both events.
      expect((await json('hr', 'POST', `/api/v1/consents/${c.id}/revoke`, { reason: 'moved' })).json().field).toBe('If-Match');
      expect((await json('hr', 'POST', `/api/v1/consents/${c.id}/revoke`, { reason: 'moved' }, { 'if-match': '"7"' })).statusCode).toBe(412);
      const rv = await json('hr', 'POST', `/api/v1/consents/${c.id}/revoke`, { reason: 'guardian withdrew' }, { 'if-match': '"1"' });
      expect(rv.statusCode).toBe(200);
      expect(rv.json()).toMatchObject({ status: 'revoked', revokeReason: 'guardian withdrew', version: 2 });
      const hist = (await k.as('hr', { url: `/api/v1/consents/${c.id}/history` })).json().items as Array<{ event: string; by: string }>;
      expect(hist.map((e) => e.event)).toEqual(['recorded', 'revoked']);
      const one = (await k.as('hr', { url: `/api/v1/consents/${c.id}` })).json();
      expect([one.status, one.events.length]).toEqual(['revoked', 2]);
    });

    it('lists student consents with filters for staff (logged), a guardian only their children’s, an employee none (403)', async () => {
      // A building and grade that has a consent in force today.
      const inForce = await k.store.db.selectFrom('consents').select('subject_id').where('district_id', '=', k.demo.districtId).where('type', '=', 'student-image').where('revoked_at', 'is', null).where('valid_from', '<=', '2026-11-25').where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', '2026-11-25')])).executeTakeFirstOrThrow();
      const student = await k.store.db.selectFrom('people').select(['id', 'building_id', 'grade']).where('id', '=', inForce.subject_id).executeTakeFirstOrThrow();
      const reads = async () => (await k.store.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'consent.read').execute()).length;
      const before = await reads();
      const page = (await k.as('hr', { url: `/api/v1/consents?buildingId=${student.building_id}&grade=${student.grade}&status=current&limit=200` })).json();
      expect(await reads()).toBe(before + 1);
      const last = await k.store.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'consent.read').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect((JSON.parse(last.details) as { ids: string[] }).ids.sort()).toEqual((page.items as Array<{ id: string }>).map((c) => c.id).sort());
      // A guardian reading their own children's consents is not a staff read.
      await k.as('guardian', { url: '/api/v1/consents' });
      expect(await reads()).toBe(before + 1);
      const subjects = await k.store.db.selectFrom('people').select('id').where('building_id', '=', student.building_id).where('grade', '=', student.grade).execute();
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((c: { subjectId: string; status: string }) => subjects.some((s) => s.id === c.subjectId) && c.status === 'current')).toBe(true);
      const revoked = (await k.as('hr', { url: '/api/v1/consents?status=revoked&limit=200' })).json().items;
      expect(revoked.every((c: { status: string }) => c.status === 'revoked')).toBe(true);

      const mine = (await k.as('guardian', { url: '/api/v1/consents?limit=200' })).json().items as Array<{ subjectId: string }>;
      const children = (await k.store.db.selectFrom('guardian_links').select('student_id').where('guardian_id', '=', k.personOf.guardian).execute()).map((l) => l.student_id);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((c) => children.includes(c.subjectId))).toBe(true);
      const stranger = (await k.store.db.selectFrom('consents').select('subject_id').where('district_id', '=', k.demo.districtId).where('type', '!=', 'coworker-image').where('subject_id', 'not in', children).executeTakeFirstOrThrow()).subject_id;
      expect((await k.as('guardian', { url: `/api/v1/consents?studentId=${stranger}` })).json().items).toEqual([]);
      const theirs = (await k.as('hr', { url: `/api/v1/consents?studentId=${stranger}` })).json().items as Array<{ id: string }>;
      expect(theirs.length).toBeGreaterThan(0);
      expect((await k.as('guardian', { url: `/api/v1/consents/${theirs[0]!.id}` })).statusCode).toBe(404);
      expect((await k.as('employee', { url: '/api/v1/consents' })).statusCode).toBe(403);
    });

    it('lets an employee give a co-worker image consent; only the two of them and staff see it', async () => {
      const r = await json('employee', 'POST', '/api/v1/coworker-consents', { granteeId: k.personOf.employee2, validFrom: '2026-11-01', scope: ['personal-accounts'] });
      expect(r.statusCode).toBe(201);
      const id = r.json().id as string;
      expect(r.json()).toMatchObject({ type: 'coworker-image', subjectId: k.personOf.employee, granteeId: k.personOf.employee2, status: 'current' });
      expect(((await k.as('employee2', { url: '/api/v1/coworker-consents' })).json().items as Array<{ id: string }>).map((c) => c.id)).toContain(id);
      // One between two others: the employee does not see it.
      const other = await json('hr', 'POST', '/api/v1/coworker-consents', { subjectId: k.personOf.superintendent, granteeId: k.personOf.communications, validFrom: '2026-11-01' });
      expect(other.statusCode).toBe(201);
      const seen = ((await k.as('employee', { url: '/api/v1/coworker-consents?limit=200' })).json().items as Array<{ id: string }>).map((c) => c.id);
      expect(seen).toContain(id);
      expect(seen).not.toContain(other.json().id);
      expect((await k.as('employee', { url: `/api/v1/consents/${other.json().id}` })).statusCode).toBe(404);
      // The grantee cannot revoke it for the subject; the subject can.
      expect((await json('employee2', 'POST', `/api/v1/consents/${id}/revoke`, {}, { 'if-match': '"1"' })).statusCode).toBe(404);
      expect((await json('employee', 'POST', `/api/v1/consents/${id}/revoke`, {}, { 'if-match': '"1"' })).json().status).toBe('revoked');
    });

    it('keeps the approved-tools catalog: everyone reads, the Superintendent adds and retires with If-Match', async () => {
      const add = await json('superintendent', 'POST', '/api/v1/approved-tools', { network: 'ClassTool', cipaCompliant: true, passwordProtected: true });
      expect(add.statusCode).toBe(201);
      expect(add.json()).toMatchObject({ network: 'classtool', cipaCompliant: true, active: true, version: 1 });
      expect((await json('superintendent', 'POST', '/api/v1/approved-tools', { network: 'classtool', cipaCompliant: true })).statusCode).toBe(409);
      expect((await json('employee', 'POST', '/api/v1/approved-tools', { network: 'padlet', cipaCompliant: false })).statusCode).toBe(403);
      expect(((await k.as('employee', { url: '/api/v1/approved-tools' })).json().items as Array<{ network: string }>).map((t) => t.network)).toContain('classtool');
      expect((await json('admin', 'POST', `/api/v1/approved-tools/${add.json().id}/retire`, {}, { 'if-match': '"2"' })).statusCode).toBe(412);
      expect((await json('admin', 'POST', `/api/v1/approved-tools/${add.json().id}/retire`, {}, { 'if-match': '"1"' })).json().active).toBe(false);
      expect(((await k.as('employee', { url: '/api/v1/approved-tools' })).json().items as Array<{ network: string }>).map((t) => t.network)).not.toContain('classtool');
      expect(((await k.as('employee', { url: '/api/v1/approved-tools?includeRetired=true' })).json().items as Array<{ network: string }>).map((t) => t.network)).toContain('classtool');
    });

    it('opens a discipline case on a check and a report, sets the outcome with If-Match; the employee reads only their own', async () => {
      const chk = await json('employee', 'POST', '/api/v1/checks', { post: { text: 'What a sh*tty day', network: 'facebook', postedAt: '2026-11-20T19:00:00-06:00' } });
      const rep = await json('employee2', 'POST', '/api/v1/mandated-reports', { what: 'concern', whereSeen: 'Facebook', awareAt: '2026-11-24T20:00:00Z' });
      const open = await json('hr', 'POST', '/api/v1/discipline-cases', { employeeId: k.personOf.employee, summary: 'Obscene post on a public page', checkIds: [chk.json().id], reportIds: [rep.json().id] });
      expect(open.statusCode).toBe(201);
      const id = open.json().id as string;
      expect(open.json()).toMatchObject({ status: 'open', outcome: null, checkIds: [chk.json().id], reportIds: [rep.json().id] });
      expect((await json('hr', 'POST', '/api/v1/discipline-cases', { employeeId: k.personOf.employee, summary: 'x', checkIds: ['nope'] })).json().field).toBe('checkIds');
      expect((await json('building-supervisor', 'POST', '/api/v1/discipline-cases', { employeeId: k.personOf.employee, summary: 'x' })).statusCode).toBe(403);

      expect(((await k.as('employee', { url: '/api/v1/discipline-cases' })).json().items as Array<{ id: string }>).map((c) => c.id)).toEqual([id]);
      const detail = await k.as('employee', { url: `/api/v1/discipline-cases/${id}` });
      expect(detail.statusCode).toBe(200);
      expect(detail.json().evidence.checks).toEqual([expect.objectContaining({ id: chk.json().id, verdict: 'block', findings: expect.arrayContaining([expect.objectContaining({ rule: 'obscene-language', clause: 'IV.A' })]) })]);
      expect(detail.json().evidence.reports).toEqual([expect.objectContaining({ id: rep.json().id, status: 'open' })]);
      expect((await k.as('employee2', { url: '/api/v1/discipline-cases' })).json().items).toEqual([]);
      expect((await k.as('employee2', { url: `/api/v1/discipline-cases?employeeId=${k.personOf.employee}` })).json().items).toEqual([]);
      expect((await k.as('employee2', { url: `/api/v1/discipline-cases/${id}` })).statusCode).toBe(404);
      // HR reading cases (they quote findings and reports that may be about a student) is logged; the employee reading their own is not.
      const readsBefore = (await k.store.db.selectFrom('audit_log').select('seq').where('action', '=', 'discipline-case.read').execute()).length;
      expect((await k.as('hr', { url: '/api/v1/discipline-cases' })).statusCode).toBe(200);
      expect((await k.as('hr', { url: `/api/v1/discipline-cases/${id}` })).statusCode).toBe(200);
      const reads = await k.store.db.selectFrom('audit_log').select(['details']).where('action', '=', 'discipline-case.read').orderBy('seq').execute();
      expect(reads.length).toBe(readsBefore + 2);
      expect(reads.slice(-2).every((r) => (JSON.parse(r.details) as { ids: string[] }).ids.includes(id))).toBe(true);
      await k.as('employee', { url: `/api/v1/discipline-cases/${id}` });
      expect((await k.store.db.selectFrom('audit_log').select('seq').where('action', '=', 'discipline-case.read').execute()).length).toBe(readsBefore + 2);

      const warn = await json('superintendent', 'POST', `/api/v1/discipline-cases/${id}/outcome`, { outcome: 'verbal-warning' }, { 'if-match': '"1"' });
      expect(warn.json()).toMatchObject({ outcome: 'verbal-warning', status: 'open', version: 2 });
      expect((await json('hr', 'POST', `/api/v1/discipline-cases/${id}/outcome`, { outcome: 'written-warning', close: true }, { 'if-match': '"1"' })).statusCode).toBe(412);
      const closed = await json('hr', 'POST', `/api/v1/discipline-cases/${id}/outcome`, { outcome: 'written-warning', close: true }, { 'if-match': '"2"' });
      expect(closed.json()).toMatchObject({ outcome: 'written-warning', status: 'closed' });
      expect((await json('hr', 'POST', `/api/v1/discipline-cases/${id}/outcome`, { outcome: 'none' }, { 'if-match': '"3"' })).statusCode).toBe(409);
      expect((await json('hr', 'POST', `/api/v1/discipline-cases/${id}/outcome`, { outcome: 'fired' }, { 'if-match': '"3"' })).json().field).toBe('outcome');
    });

    it('takes an IV.E access request to the employee’s answer; other employees never see it', async () => {
      const req = await json('hr', 'POST', '/api/v1/access-requests', { employeeId: k.personOf.employee, process: 'promotion', network: 'linkedin', reason: 'Assistant principal selection' });
      expect(req.statusCode).toBe(201);
      const id = req.json().id as string;
      expect((await k.as('employee2', { url: '/api/v1/access-requests' })).json().items).toEqual([]);
      expect((await json('employee2', 'POST', `/api/v1/access-requests/${id}/answer`, { answer: 'declined' }, { 'if-match': '"1"' })).statusCode).toBe(404);
      expect(((await k.as('employee', { url: '/api/v1/access-requests' })).json().items as Array<{ id: string }>).map((a) => a.id)).toEqual([id]);
      expect((await json('employee', 'POST', `/api/v1/access-requests/${id}/answer`, { answer: 'withdrawn' }, { 'if-match': '"1"' })).statusCode).toBe(403);
      const ok = await json('employee', 'POST', `/api/v1/access-requests/${id}/answer`, { answer: 'provided' }, { 'if-match': '"1"' });
      expect(ok.json()).toMatchObject({ status: 'provided', version: 2 });
      expect((await json('building-supervisor', 'POST', '/api/v1/access-requests', { employeeId: k.personOf.employee, process: 'selection', reason: 'x' })).statusCode).toBe(403);
    });

    it('reads the audit log with filters, newest first, logs each read, and exports CSV; only admin, Superintendent, HR', async () => {
      const r = await k.as('admin', { url: '/api/v1/audit-log?action=consent.&limit=2' });
      expect(r.statusCode).toBe(200);
      const p1 = r.json();
      expect(p1.items).toHaveLength(2);
      expect(p1.items.every((e: { action: string }) => e.action.startsWith('consent.'))).toBe(true);
      expect(p1.items[0].seq).toBeGreaterThan(p1.items[1].seq);
      const p2 = (await k.as('admin', { url: `/api/v1/audit-log?action=consent.&limit=2&cursor=${p1.nextCursor}` })).json();
      expect(p2.items[0].seq).toBeLessThan(p1.items[1].seq);
      const reads = (await k.as('hr', { url: `/api/v1/audit-log?action=audit-log.read&limit=200` })).json().items as Array<{ actor: string; details: { filter: Record<string, string> } }>;
      expect(reads.some((e) => e.details.filter.action === 'consent.')).toBe(true);
      const day = (await k.as('superintendent', { url: '/api/v1/audit-log?from=2026-11-25&to=2026-11-25&entity=discipline_case' })).json().items as Array<{ at: string; entity: string }>;
      expect(day.length).toBeGreaterThan(0);
      expect(day.every((e) => e.at.startsWith('2026-11-25') && e.entity === 'discipline_case')).toBe(true);
      expect((await k.as('hr', { url: '/api/v1/audit-log?from=yesterday' })).json().field).toBe('from');

      const csv = await k.as('hr', { url: '/api/v1/audit-log/export?entity=discipline_case' });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe('seq,at,actor,action,entity,entity_id,details,prev_hash,hash');
      expect(lines.length - 1).toBe(day.length);
      expect((await k.as('admin', { url: '/api/v1/audit-log?action=audit-log.export' })).json().items.length).toBe(1);

      for (const who of ['employee', 'guardian', 'building-supervisor', 'communications', 'anonymous'] as const) {
        expect((await k.as(who, { url: '/api/v1/audit-log' })).statusCode).toBe(403);
        expect((await k.as(who, { url: '/api/v1/audit-log/export' })).statusCode).toBe(403);
      }
    });

    it('refuses a JSON body over 1 MB with a 413 that names the limit and the route', async () => {
      const r = await json('employee', 'POST', '/api/v1/mandated-reports', { what: 'x'.repeat(1_100_000), whereSeen: 'x', awareAt: '2026-11-24T20:00:00Z' });
      expect(r.statusCode).toBe(413);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ status: 413, field: 'body', detail: 'body: larger than the 1 MB limit of POST /api/v1/mandated-reports' });
    });

    it('imports a OneRoster zip uploaded by HR and answers the import report (last: it deactivates the demo roster)', async () => {
      const zip = fs.readFileSync(path.join(CATALYST, 'Test_full_data_set.zip'));
      const body = await multipart({}, { roster: { bytes: zip, name: 'roster.zip', type: 'application/zip' } });
      expect((await k.as('communications', { method: 'POST', url: '/api/v1/roster-imports', ...body })).statusCode).toBe(403);
      const notZip = await multipart({}, { roster: { bytes: Buffer.from('not a zip'), name: 'r.zip', type: 'application/zip' } });
      const bad = await k.as('hr', { method: 'POST', url: '/api/v1/roster-imports', ...notZip });
      expect([bad.statusCode, bad.json().field]).toEqual([400, 'roster']);
      expect(bad.json().detail).not.toContain(os.tmpdir());
      const r = await k.as('hr', { method: 'POST', url: '/api/v1/roster-imports', ...body });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ version: '1.1', mode: 'bulk', buildings: { added: 1 }, people: { added: 6 }, links: { added: 1 } });
      expect(r.json().problems.length).toBeGreaterThan(0);
      const run = await k.store.db.selectFrom('import_runs').select('id').where('id', '=', r.json().runId).executeTakeFirst();
      expect(run).toBeDefined();
      expect(fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('clearpost-roster-'))).toEqual([]);
    });
  });
}
