// Cursor pagination and Idempotency-Key over the API, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, dialectAvailable } from '../store/databases.js';
import { startKit, type Kit } from './kit.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`pagination and idempotency on ${dialect}`, () => {
    let k: Kit;
    beforeAll(async () => {
      k = await startKit(dialect);
    });
    afterAll(async () => {
      await k?.close();
    });

    it('walks a list in pages of `limit` with an opaque cursor, in creation order, each row once', async () => {
      const filed: string[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await k.as('employee', { method: 'POST', url: '/api/v1/mandated-reports', payload: { what: `concern ${i}`, whereSeen: 'Instagram', awareAt: '2026-11-24T20:00:00-06:00' } });
        expect(r.statusCode).toBe(201);
        filed.push(r.json().id);
      }
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const r = await k.as('hr', { url: `/api/v1/mandated-reports?limit=3${cursor ? `&cursor=${cursor}` : ''}` });
        expect(r.statusCode).toBe(200);
        const body = r.json() as { items: Array<{ id: string }>; nextCursor: string | null };
        sizes.push(body.items.length);
        seen.push(...body.items.map((x) => x.id));
        cursor = body.nextCursor;
        if (cursor !== null) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      } while (cursor !== null);
      expect(seen).toEqual(filed);
      expect(sizes).toEqual([3, 3, 1]);
      // default limit is 50: everything on one page
      const all = (await k.as('hr', { url: '/api/v1/mandated-reports' })).json();
      expect([all.items.length, all.nextCursor]).toEqual([7, null]);
      // Each staff read of the reports (what was seen about a child) is in the audit chain with the ids read;
      // the reporter reading their own is not.
      const reads = await k.store.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'mandated-report.read').orderBy('seq').execute();
      expect(reads).toHaveLength(4);
      expect(new Set(reads.map((r) => r.actor)).size).toBe(1);
      // (a page logs the row read to know there is a next page too)
      expect(new Set(reads.flatMap((r) => (JSON.parse(r.details) as { ids: string[] }).ids))).toEqual(new Set(filed));
      expect((await k.as('employee', { url: '/api/v1/mandated-reports' })).json().items).toHaveLength(7);
      expect(await k.store.db.selectFrom('audit_log').select('seq').where('action', '=', 'mandated-report.read').execute()).toHaveLength(4);
    });

    it('refuses a forged cursor, a cursor of another list and a limit outside 1..200, naming the field', async () => {
      const forged = await k.as('hr', { url: '/api/v1/mandated-reports?cursor=bm90LWEtY3Vyc29y' });
      expect([forged.statusCode, forged.json().field]).toEqual([400, 'cursor']);
      expect(forged.headers['content-type']).toContain('application/problem+json');
      const people = (await k.as('hr', { url: '/api/v1/people?kind=student&limit=2' })).json();
      const wrongList = await k.as('hr', { url: `/api/v1/mandated-reports?cursor=${people.nextCursor}` });
      expect([wrongList.statusCode, wrongList.json().field]).toEqual([400, 'cursor']);
      for (const limit of ['0', '201', 'x']) {
        const r = await k.as('hr', { url: `/api/v1/mandated-reports?limit=${limit}` });
        expect([r.statusCode, r.json().field]).toEqual([400, 'limit']);
      }
      expect((await k.as('hr', { url: '/api/v1/mandated-reports?limit=200' })).statusCode).toBe(200);
      // A well-formed cursor whose key has the wrong type for the list (the audit log sorts by a number) is refused too.
      const typed = Buffer.from(JSON.stringify({ l: 'audit-log', k: 'not-a-number', i: '1' })).toString('base64url');
      const t = await k.as('admin', { url: `/api/v1/audit-log?cursor=${typed}` });
      expect([t.statusCode, t.json().field]).toEqual([400, 'cursor']);
    });

    it('searches people by name, kind, building and grade, sorted by name, through every page', async () => {
      const db = k.store.db;
      const students = await db.selectFrom('people').select(['id', 'name', 'grade', 'building_id']).where('district_id', '=', k.demo.districtId).where('kind', '=', 'student').where('active', '=', 1).execute();
      const ids: string[] = [];
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const body = (await k.as('building-supervisor', { url: `/api/v1/people?kind=student&limit=7${cursor ? `&cursor=${cursor}` : ''}` })).json() as { items: Array<{ id: string; name: string; grade: string }>; nextCursor: string | null };
        ids.push(...body.items.map((p) => p.id));
        names.push(...body.items.map((p) => p.name));
        cursor = body.nextCursor;
      } while (cursor !== null);
      expect(new Set(ids).size).toBe(students.length);
      expect(ids.length).toBe(students.length);
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      const s0 = students[0]!;
      const byGrade = (await k.as('hr', { url: `/api/v1/people?kind=student&grade=${s0.grade}&buildingId=${s0.building_id}&limit=200` })).json().items as Array<{ id: string; grade: string; buildingId: string }>;
      expect(byGrade.length).toBe(students.filter((s) => s.grade === s0.grade && s.building_id === s0.building_id).length);
      expect(byGrade.every((p) => p.grade === s0.grade && p.buildingId === s0.building_id)).toBe(true);
      const part = s0.name.split(' ')[0]!.slice(0, 3).toUpperCase();
      const byName = (await k.as('hr', { url: `/api/v1/people?query=${encodeURIComponent(part)}&limit=200` })).json().items as Array<{ name: string }>;
      expect(byName.length).toBeGreaterThan(0);
      expect(byName.every((p) => p.name.toUpperCase().includes(part))).toBe(true);
      // An employee sees names only, and no guardians.
      const emp = (await k.as('employee', { url: '/api/v1/people?limit=200' })).json().items as Array<Record<string, unknown>>;
      expect(emp.some((p) => p.kind === 'guardian')).toBe(false);
      expect(Object.keys(emp[0]!).sort()).toEqual(['id', 'kind', 'name']);
      expect((await k.as('employee', { url: '/api/v1/people?kind=guardian' })).json().items).toEqual([]);
      // Buildings for the filters, sorted by name, in pages.
      const b1 = (await k.as('employee', { url: '/api/v1/buildings?limit=2' })).json();
      const b2 = (await k.as('employee', { url: `/api/v1/buildings?limit=200&cursor=${b1.nextCursor}` })).json();
      const buildings = [...b1.items, ...b2.items] as Array<{ id: string; name: string }>;
      const inDb = await db.selectFrom('buildings').select('id').where('district_id', '=', k.demo.districtId).where('active', '=', 1).execute();
      expect(buildings.map((b) => b.id).sort()).toEqual(inDb.map((b) => b.id).sort());
      expect(buildings.map((b) => b.name)).toEqual([...buildings.map((b) => b.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect((await k.as('guardian', { url: '/api/v1/buildings' })).statusCode).toBe(403);
    });

    it('replays the first answer for the same Idempotency-Key and body, without a second write', async () => {
      const payload = { what: 'a retried concern', whereSeen: 'TikTok', awareAt: '2026-11-24T21:00:00-06:00' };
      const headers = { 'idempotency-key': 'a3f1c2d4-0000-4000-8000-000000000001' };
      const first = await k.as('employee', { method: 'POST', url: '/api/v1/mandated-reports', headers, payload });
      const again = await k.as('employee', { method: 'POST', url: '/api/v1/mandated-reports', headers, payload });
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      expect(again.headers['idempotent-replayed']).toBe('true');
      const rows = await k.store.db.selectFrom('mandated_reports').select('id').where('what', '=', payload.what).execute();
      expect(rows).toHaveLength(1);
      const audits = await k.store.db.selectFrom('audit_log').select('seq').where('action', '=', 'mandated-report.file').where('entity_id', '=', first.json().id).execute();
      expect(audits).toHaveLength(1);

      // Same key, another body: 422 naming the header; nothing written.
      const other = await k.as('employee', { method: 'POST', url: '/api/v1/mandated-reports', headers, payload: { ...payload, what: 'something else' } });
      expect([other.statusCode, other.json().field]).toEqual([422, 'Idempotency-Key']);
      expect(other.headers['content-type']).toContain('application/problem+json');
      expect(await k.store.db.selectFrom('mandated_reports').select('id').where('what', '=', 'something else').execute()).toHaveLength(0);
      // Same key on another route: 422 too.
      const route = await k.as('employee', { method: 'POST', url: '/api/v1/authorizations', headers, payload: { type: 'spokesperson' } });
      expect(route.statusCode).toBe(422);

      // Keys belong to the signed-in user: another user's same key is a new request.
      const theirs = await k.as('employee2', { method: 'POST', url: '/api/v1/mandated-reports', headers, payload });
      expect(theirs.statusCode).toBe(201);
      expect(theirs.json().id).not.toBe(first.json().id);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();

      // After 24 hours the key is forgotten: the same request writes again.
      k.deps.clock.now = new Date(k.deps.clock.now.getTime() + 24 * 3600 * 1000 + 1000);
      try {
        await k.signIn('employee');
        const later = await k.as('employee', { method: 'POST', url: '/api/v1/mandated-reports', headers, payload });
        expect(later.statusCode).toBe(201);
        expect(later.json().id).not.toBe(first.json().id);
      } finally {
        k.deps.clock.now = new Date('2026-11-25T15:00:00Z');
      }
    });

    it('never writes twice for concurrent requests with the same key', async () => {
      const payload = { what: 'a double-clicked concern', whereSeen: 'Facebook', awareAt: '2026-11-24T22:00:00-06:00' };
      const send = () => k.as('employee', { method: 'POST', url: '/api/v1/mandated-reports', headers: { 'idempotency-key': 'double-click-1' }, payload });
      const answers = await Promise.all([send(), send(), send()]);
      const codes = answers.map((r) => r.statusCode);
      expect(codes.filter((c) => c !== 201 && c !== 409)).toEqual([]);
      expect(codes).toContain(201);
      const created = new Set(answers.filter((r) => r.statusCode === 201).map((r) => r.json().id as string));
      expect(created.size).toBe(1);
      expect(await k.store.db.selectFrom('mandated_reports').select('id').where('what', '=', payload.what).execute()).toHaveLength(1);
      const later = await send();
      expect([later.statusCode, later.json().id, later.headers['idempotent-replayed']]).toEqual([201, [...created][0], 'true']);
    });

    it('keeps nothing for a failed request, and refuses a malformed key', async () => {
      const headers = { 'idempotency-key': 'retry-after-fix-1' };
      const bad = await k.as('employee', { method: 'POST', url: '/api/v1/authorizations', headers, payload: { type: 'instructional-use' } });
      expect([bad.statusCode, bad.json().field]).toEqual([400, 'network']);
      const fixed = await k.as('employee', { method: 'POST', url: '/api/v1/authorizations', headers, payload: { type: 'instructional-use', network: 'seesaw', activity: 'Class portfolio' } });
      expect(fixed.statusCode).toBe(201);
      const malformed = await k.as('employee', { method: 'POST', url: '/api/v1/authorizations', headers: { 'idempotency-key': 'has spaces in it' }, payload: { type: 'spokesperson' } });
      expect([malformed.statusCode, malformed.json().field]).toEqual([400, 'Idempotency-Key']);
    });

    it('documents the Idempotency-Key header and the page parameters in OpenAPI', async () => {
      const spec = (await k.app.inject('/api/openapi.json')).json();
      const post = spec.paths['/api/v1/mandated-reports'].post;
      expect(post.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toContain('header:idempotency-key');
      const get = spec.paths['/api/v1/mandated-reports'].get;
      expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor', 'overdueOnly']));
    });
  });
}
