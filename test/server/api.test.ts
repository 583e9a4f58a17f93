// The API through inject(), on SQLite and PostgreSQL: sign-in, CSRF, checks with the district's records, problem+json, roles, OpenAPI.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { systemActor } from '../../src/app/access.js';
import { loadDemoDistrict } from '../../src/app/load-demo-district.js';
import { loadPolicyPack } from '../../src/app/load-policy-pack.js';
import { createApiToken, createUserAccount } from '../../src/app/sign-in.js';
import { buildServer } from '../../src/server/app.js';
import type { Store } from '../../src/store/create-db.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from '../store/databases.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`API on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: FastifyInstance;
    let token: string;
    const PW = 'correct horse battery staple';

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      const deps = { db: store.db };
      const demo = await loadDemoDistrict(deps, { students: 40, employees: 12 });
      const actor = systemActor(demo.districtId, 'test');
      await createUserAccount(deps, actor, { email: 'teacher@example.test', name: 'Teacher', password: PW, personId: demo.personas.teacher, roles: ['employee'] });
      await createUserAccount(deps, actor, { email: 'parent@example.test', name: 'Parent', password: PW, personId: demo.personas.guardian, roles: ['guardian'] });
      await createUserAccount(deps, actor, { email: 'super@example.test', name: 'Superintendent', password: PW, personId: demo.personas.superintendent, roles: ['superintendent'] });
      token = await createApiToken(deps, actor, 'integration', ['communications']);
      app = await buildServer({ deps, pack: loadPolicyPack() });
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
      await tdb?.drop();
    });

    async function signIn(email: string): Promise<{ cookie: string; csrf: string }> {
      const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PW } });
      expect(r.statusCode).toBe(200);
      const cookies = r.cookies as Array<{ name: string; value: string; httpOnly?: boolean; sameSite?: string }>;
      const s = cookies.find((c) => c.name === 'clearpost_session')!;
      const c = cookies.find((c) => c.name === 'clearpost_csrf')!;
      expect(s.httpOnly).toBe(true);
      expect(s.sameSite).toBe('Lax');
      return { cookie: `clearpost_session=${s.value}; clearpost_csrf=${c.value}`, csrf: c.value };
    }

    it('answers health and readiness', async () => {
      expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
      expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    });

    it('stores only the sha256 of API tokens and session tokens, never the token', async () => {
      const { cookie } = await signIn('teacher@example.test');
      const session = /clearpost_session=([^;]+)/.exec(cookie)![1]!;
      const sha = (t: string) => createHash('sha256').update(t).digest('hex');
      const tokens = await store.db.selectFrom('api_tokens').selectAll().execute();
      const sessions = await store.db.selectFrom('sessions').selectAll().execute();
      expect(tokens.map((t) => t.token_sha256)).toContain(sha(token));
      expect(sessions.map((t) => t.token_sha256)).toContain(sha(session));
      const stored = JSON.stringify([tokens, sessions]);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(session);
      // The token works, and so does nothing else shaped like it.
      expect((await app.inject({ method: 'GET', url: '/api/v1/people?kind=student', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/v1/people?kind=student', headers: { authorization: `Bearer ${sha(token)}` } })).statusCode).toBe(403);
    });

    it('refuses a wrong password with the same answer as an unknown account, and throttles', async () => {
      const a = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'teacher@example.test', password: 'nope' } });
      const b = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.test', password: 'nope' } });
      expect(a.statusCode).toBe(403);
      expect(a.headers['content-type']).toContain('application/problem+json');
      expect(a.json().detail).toBe(b.json().detail);
      for (let i = 0; i < 5; i++) await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'locked@example.test', password: 'x' } });
      expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'locked@example.test', password: 'x' } })).json().detail).toMatch(/too many/);
    });

    it('checks a signed-in employee’s post with the district’s records and stores the decision', async () => {
      const s = await signIn('teacher@example.test');
      const me = (await app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).json();
      expect(me.roles).toEqual(['employee']);
      const r = await app.inject({ method: 'POST', url: '/api/v1/checks', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { post: { text: 'What a sh*tty way to start a Tuesday', network: 'facebook', postedAt: '2026-11-28T19:00:00-06:00' } } });
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(body.verdict).toBe('block');
      expect(body.findings[0]).toMatchObject({ rule: 'obscene-language', clause: 'IV.A', evidence: { quote: 'sh*tty' } });
      const stored = await store.db.selectFrom('checks').select(['id', 'verdict', 'policy_version', 'engine_version']).where('id', '=', body.id).executeTakeFirst();
      expect(stored).toMatchObject({ verdict: 'block', policy_version: '2023-01-23' });
    });

    it('refuses a signed-out session on the very next request, though sessions are cached between requests', async () => {
      const s = await signIn('teacher@example.test');
      const check = () => app.inject({ method: 'POST', url: '/api/v1/checks', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { post: { text: 'Field trip today', network: 'facebook', postedAt: '2026-11-28T19:00:00-06:00' } } });
      expect((await check()).statusCode).toBe(200);
      expect((await check()).statusCode).toBe(200); // the session now comes from the cache
      const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
      expect(out.statusCode).toBe(204);
      const after = await check();
      expect(after.statusCode).toBe(403);
      expect(after.json().detail).toBe('sign in first');
      expect((await app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(403);
      const closed = await store.db.selectFrom('sessions').select('revoked_at').where('revoked_at', 'is not', null).execute();
      expect(closed.length).toBeGreaterThanOrEqual(1);
    });

    it('needs the CSRF header for cookie writes, and names the bad field', async () => {
      const s = await signIn('teacher@example.test');
      const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/checks', headers: { cookie: s.cookie }, payload: { post: { text: 'x' } } });
      expect(noCsrf.statusCode).toBe(403);
      const bad = await app.inject({ method: 'POST', url: '/api/v1/checks', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { post: { text: 42 } } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ status: 400, field: 'post.text' });
    });

    it('lets an integration token send a whole contract request; an employee may not send a context', async () => {
      const req = { context: { district: { name: 'X', timezone: 'America/Chicago' } }, post: { text: 'Great game tonight!', postedAt: '2026-11-28T19:00:00-06:00' } };
      const ok = await app.inject({ method: 'POST', url: '/api/v1/checks', headers: { authorization: `Bearer ${token}` }, payload: req });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().verdict).toBe('allow');
      const s = await signIn('teacher@example.test');
      const no = await app.inject({ method: 'POST', url: '/api/v1/checks', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: req });
      expect(no.statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: '/api/v1/checks', headers: { authorization: 'Bearer cp_forged' }, payload: req })).statusCode).toBe(403);
    });

    it('keeps guardians and anonymous callers out of checks and the roster', async () => {
      const g = await signIn('parent@example.test');
      expect((await app.inject({ method: 'POST', url: '/api/v1/checks', headers: { cookie: g.cookie, 'x-csrf-token': g.csrf }, payload: { post: { text: 'hi' } } })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/v1/people', headers: { cookie: g.cookie } })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/v1/people' })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/v1/me' })).statusCode).toBe(403);
    });

    it('logs an employee’s read of student names in the audit chain', async () => {
      const s = await signIn('teacher@example.test');
      const before = await store.db.selectFrom('audit_log').select(({ fn }) => fn.countAll().as('n')).where('action', '=', 'student.read').executeTakeFirst();
      const r = await app.inject({ url: '/api/v1/people?kind=student&limit=5', headers: { cookie: s.cookie } });
      expect(r.json().items).toHaveLength(5);
      const after = await store.db.selectFrom('audit_log').select(({ fn }) => fn.countAll().as('n')).where('action', '=', 'student.read').executeTakeFirst();
      expect(Number(after?.n)).toBe(Number(before?.n) + 1);
    });

    it('files a disclosure and a mandated report, and takes a spokesperson request to a decision with If-Match', async () => {
      const t = await signIn('teacher@example.test');
      const h = { cookie: t.cookie, 'x-csrf-token': t.csrf };
      const d = await app.inject({ method: 'POST', url: '/api/v1/disclosures', headers: h, payload: { schoolYear: '2026-2027', groups: [{ name: 'JHS XC Runners', network: 'snapchat' }] } });
      expect(d.statusCode).toBe(201);
      expect(d.json().groups).toEqual([{ name: 'JHS XC Runners', network: 'snapchat' }]);
      const rep = await app.inject({ method: 'POST', url: '/api/v1/mandated-reports', headers: h, payload: { what: 'An adult messaging a 9th grader privately in the team group', whereSeen: 'Snapchat group JHS XC', awareAt: '2026-11-24T20:00:00-06:00' } });
      expect(rep.statusCode).toBe(201);
      expect(Date.parse(rep.json().dueAt) - Date.parse('2026-11-24T20:00:00-06:00')).toBe(24 * 3600 * 1000);
      // Routed at once to the designated staff (HR, the Superintendent): a notice naming the reporter and the deadline,
      // never what was seen, in the app and in the e-mail outbox; once per report.
      const routed = await store.db.selectFrom('notifications').select(['id', 'recipient', 'subject', 'body', 'link']).where('dedup_key', '=', `mandated-report:${rep.json().id as string}:filed`).execute();
      expect(routed.length).toBeGreaterThan(0);
      expect(routed.every((n) => /^New mandated report by .+, due /.test(n.subject) && n.link === '/staff/reports')).toBe(true);
      expect(routed.some((n) => /9th grader|Snapchat/.test(n.subject + n.body))).toBe(false);
      const staffUsers = await store.db.selectFrom('users').select(['person_id', 'id', 'roles']).execute();
      const designated = new Set(staffUsers.filter((u) => /"(hr|superintendent)"/.test(String(u.roles))).map((u) => u.person_id ?? u.id));
      expect(new Set(routed.map((n) => n.recipient))).toEqual(designated);
      const mails = await store.db.selectFrom('mail_outbox').select(['body']).where('notification_id', 'in', routed.map((n) => n.id)).execute();
      expect(mails.some((m) => /9th grader|Snapchat/.test(m.body))).toBe(false);
      expect((await app.inject({ method: 'POST', url: '/api/v1/mandated-reports', headers: h, payload: { what: '', whereSeen: 'x', awareAt: 'x' } })).json().field).toBe('what');
      // The hand-over to the authorities: If-Match required, stale refused, then recorded (late: after the 24 h) and audited.
      const made = `/api/v1/mandated-reports/${rep.json().id as string}/made`;
      const handover = { reportedTo: 'Douglas County Social Services, intake line', reportedAt: '2026-11-26T09:00:00-06:00', close: true };
      expect((await app.inject({ method: 'POST', url: made, headers: h, payload: handover })).json().field).toBe('If-Match');
      expect((await app.inject({ method: 'POST', url: made, headers: { ...h, 'if-match': '"9"' }, payload: handover })).statusCode).toBe(412);
      const done = await app.inject({ method: 'POST', url: made, headers: { ...h, 'if-match': `"${rep.json().version}"` }, payload: handover });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ status: 'closed', reportedTo: handover.reportedTo, version: rep.json().version + 1 });
      const entry = await store.db.selectFrom('audit_log').select(['details']).where('action', '=', 'mandated-report.report').where('entity_id', '=', rep.json().id).executeTakeFirstOrThrow();
      expect(JSON.parse(entry.details)).toMatchObject({ late: true });
      const req = await app.inject({ method: 'POST', url: '/api/v1/authorizations', headers: h, payload: { type: 'spokesperson', reason: 'Robotics team press' } });
      expect(req.statusCode).toBe(201);
      const id = req.json().id as string;
      const self = await app.inject({ method: 'POST', url: `/api/v1/authorizations/${id}/decision`, headers: h, payload: { decision: 'approved' } });
      expect(self.statusCode).toBeGreaterThanOrEqual(403);
      const s = await signIn('super@example.test');
      const sh = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      const stale = await app.inject({ method: 'POST', url: `/api/v1/authorizations/${id}/decision`, headers: { ...sh, 'if-match': '"99"' }, payload: { decision: 'approved', validFrom: '2026-07-01' } });
      expect([stale.statusCode, stale.json().detail]).toEqual([412, expect.any(String)]);
      const ok = await app.inject({ method: 'POST', url: `/api/v1/authorizations/${id}/decision`, headers: { ...sh, 'if-match': `"${req.json().version}"` }, payload: { decision: 'approved', validFrom: '2026-07-01', validUntil: '2027-06-30' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().status).toBe('approved');
      const mine = (await app.inject({ url: '/api/v1/authorizations', headers: { cookie: t.cookie } })).json().items as Array<{ id: string; status: string }>;
      expect(mine.find((a) => a.id === id)?.status).toBe('approved');
    });

    it('serves OpenAPI 3.1 built from the schemas, the clause text, and problem+json for unknown routes', async () => {
      const spec = (await app.inject('/api/openapi.json')).json();
      expect(spec.openapi).toBe('3.1.0');
      expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/checks', '/api/v1/auth/login', '/api/v1/people']));
      expect((await app.inject('/api/v1/policy/clauses/IV.A.2')).json().text).toContain('written parental consent');
      const nf = await app.inject('/api/v1/nothing');
      expect(nf.statusCode).toBe(404);
      expect(nf.headers['content-type']).toContain('application/problem+json');
    });
  });
}
