// Every route of the OpenAPI document with every role (and anonymous), against the one permission matrix in src/server/permissions.ts,
// on SQLite and PostgreSQL: denied roles get 403, allowed roles never do; an employee never reads another employee's records,
// a guardian only their own children's; docs/permissions.md is generated from the same matrix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/app/access.js';
import { allows, PERMISSIONS_DOC, renderPermissionsMarkdown, ROUTE_PERMISSIONS } from '../../src/server/permissions.js';
import { DIALECTS, dialectAvailable } from '../store/databases.js';
import { EVERYONE, PW, startKit, type Kit, type Who } from './kit.js';

const PDF = Buffer.from('%PDF-1.4\n% a signed paper consent form\n%%EOF\n');

async function multipart(fields: Record<string, string>, file?: { field: string; bytes: Buffer; type: string }): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file !== undefined) form.append(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.type }), 'upload');
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

/** The OpenAPI document's routes as "METHOD /path". */
async function openApiRoutes(k: Kit): Promise<string[]> {
  const spec = (await k.app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
}

describe('the permission matrix', () => {
  it('is written to docs/permissions.md', () => {
    const doc = fs.existsSync(PERMISSIONS_DOC) ? fs.readFileSync(PERMISSIONS_DOC, 'utf8') : '';
    expect(doc, 'docs/permissions.md is stale: run `node --import tsx src/server/permissions.ts` and commit the file').toBe(renderPermissionsMarkdown());
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`every route with every role on ${dialect}`, () => {
    let k: Kit;
    let filesDir: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-walk-'));
      k = await startKit(dialect, { filesDir });
      const post = async (who: Who, url: string, payload: unknown, headers: Record<string, string> = {}) => {
        const r = await k.as(who, { method: 'POST', url, payload: payload as Record<string, unknown>, headers });
        expect(r.statusCode, `${who} POST ${url}: ${r.body}`).toBeLessThan(300);
        return r.json().id as string;
      };
      const links = await k.store.db.selectFrom('guardian_links').select('student_id').where('guardian_id', '=', k.personOf.guardian).where('active', '=', 1).execute();
      ids.child = links[0]!.student_id;
      ids.otherStudent = (await k.store.db.selectFrom('people').select('id').where('district_id', '=', k.demo.districtId).where('kind', '=', 'student').where('id', 'not in', links.map((l) => l.student_id)).executeTakeFirstOrThrow()).id;
      // The employee's own records, which employee2 must never read.
      ids.disclosure = await post('employee', '/api/v1/disclosures', { schoolYear: '2026-2027', groups: [{ name: 'JHS Robotics', network: 'discord' }] });
      ids.report = await post('employee', '/api/v1/mandated-reports', { what: 'concern', whereSeen: 'Snapchat', awareAt: '2026-11-24T20:00:00Z' });
      ids.authorization = await post('employee', '/api/v1/authorizations', { type: 'spokesperson', reason: 'press' });
      ids.coworker = await post('employee', '/api/v1/coworker-consents', { granteeId: k.personOf.hr, validFrom: '2026-11-01' });
      ids.case = await post('hr', '/api/v1/discipline-cases', { employeeId: k.personOf.employee, summary: 'Post on a public page' });
      ids.access = await post('hr', '/api/v1/access-requests', { employeeId: k.personOf.employee, process: 'promotion', reason: 'selection' });
      ids.tool = await post('superintendent', '/api/v1/approved-tools', { network: 'walk-tool', cipaCompliant: true });
      ids.monitored = await post('hr', '/api/v1/monitored-accounts', { employeeId: k.personOf.employee, network: 'facebook', handle: 'teacher.page', reason: 'complaint' });
      // Consents of the guardian's child (with a scanned form) and of another student.
      const childForm = await multipart({ studentId: ids.child, type: 'student-image', validFrom: '2026-09-01' }, { field: 'form', bytes: PDF, type: 'application/pdf' });
      ids.childConsent = (await k.as('hr', { method: 'POST', url: '/api/v1/consents', ...childForm })).json().id;
      const revocable = await multipart({ studentId: ids.child, type: 'social-network-participation', network: 'seesaw', validFrom: '2026-09-01' }, { field: 'form', bytes: PDF, type: 'application/pdf' });
      ids.revocable = (await k.as('hr', { method: 'POST', url: '/api/v1/consents', ...revocable })).json().id;
      const other = await multipart({ studentId: ids.otherStudent, type: 'student-image', validFrom: '2026-09-01' }, { field: 'form', bytes: PDF, type: 'application/pdf' });
      ids.otherConsent = (await k.as('hr', { method: 'POST', url: '/api/v1/consents', ...other })).json().id;
      expect(Object.values(ids).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    });
    afterAll(async () => {
      await k?.close();
      fs.rmSync(filesDir, { recursive: true, force: true });
    });

    /** A request each route accepts from an allowed role (so the use case runs and must agree with the matrix). */
    async function sample(key: string, who: Who): Promise<InjectOptions> {
      const [method, p] = key.split(' ') as [string, string];
      const param: Record<string, string> = {
        'GET /api/v1/policy/clauses/{id}': 'IV.A',
        'POST /api/v1/authorizations/{id}/decision': ids.authorization!,
        'POST /api/v1/mandated-reports/{id}/made': ids.report!,
        'GET /api/v1/consents/{id}': ids.childConsent!,
        'GET /api/v1/consents/{id}/history': ids.childConsent!,
        'GET /api/v1/consents/{id}/form': ids.childConsent!,
        'POST /api/v1/consents/{id}/revoke': ids.revocable!,
        'POST /api/v1/approved-tools/{id}/retire': ids.tool!,
        'GET /api/v1/discipline-cases/{id}': ids.case!,
        'POST /api/v1/discipline-cases/{id}/outcome': ids.case!,
        'POST /api/v1/access-requests/{id}/answer': ids.access!,
        'GET /api/v1/monitored-accounts/{id}': ids.monitored!,
        'POST /api/v1/monitored-accounts/{id}/end': ids.monitored!,
      };
      const url = p.replace(/\{[^}]+\}/g, param[key] ?? (p.includes('{token}') ? 'x'.repeat(32) : '01890000-0000-7000-8000-000000000000'));
      const bodies: Record<string, unknown> = {
        'POST /api/v1/auth/login': { email: 'employee@example.test', password: PW },
        'POST /api/v1/checks': { post: { text: 'Great game tonight!', postedAt: '2026-11-20T19:00:00-06:00' } },
        'POST /api/v1/e-consent-requests': { studentId: ids.child, type: 'student-image', validFrom: '2026-09-01' },
        'POST /api/v1/e-consent/{token}/sign': { signerName: 'A Guardian', agree: true },
        'POST /api/v1/disclosures': { schoolYear: '2025-2026', groups: [] },
        'POST /api/v1/mandated-reports': { what: 'walk', whereSeen: 'x', awareAt: '2026-11-24T20:00:00Z' },
        'POST /api/v1/authorizations': { type: 'spokesperson' },
        'POST /api/v1/authorizations/{id}/decision': { decision: 'denied', reason: 'walk' },
        'POST /api/v1/mandated-reports/{id}/made': { reportedTo: 'walk' },
        'POST /api/v1/consents/{id}/revoke': { reason: 'walk' },
        'POST /api/v1/coworker-consents': { granteeId: k.personOf.employee2, validFrom: '2026-11-01' },
        'POST /api/v1/consent-asks': { subjectId: k.personOf.employee2 },
        'POST /api/v1/approved-tools': { network: `tool-${who}`, cipaCompliant: true },
        'POST /api/v1/approved-tools/{id}/retire': {},
        'POST /api/v1/discipline-cases': { employeeId: k.personOf.employee2, summary: 'walk' },
        'POST /api/v1/discipline-cases/{id}/outcome': { outcome: 'none' },
        'POST /api/v1/access-requests': { employeeId: k.personOf.employee2, process: 'selection', reason: 'walk' },
        'POST /api/v1/access-requests/{id}/answer': { answer: who === 'employee' || who === 'employee2' ? 'provided' : 'withdrawn' },
        'POST /api/v1/monitored-accounts': { kind: who === 'communications' ? 'district' : 'personal', network: 'instagram', handle: `walk-${who}`, reason: 'walk' },
        'POST /api/v1/monitored-accounts/{id}/end': { reason: 'walk' },
        'POST /api/v1/review-items/{id}/dismiss': { reason: 'walk' },
        'POST /api/v1/review-items/{id}/incident': { reason: 'walk' },
        'POST /api/v1/review-items/{id}/attach': { caseId: ids.case },
      };
      const ifMatch = /\/(revoke|retire|outcome|answer|decision|end|dismiss|incident|attach|made)$/.test(p) ? { 'if-match': '"1"' } : {};
      if (key === 'POST /api/v1/consents') return { method: 'POST', url, ...(await multipart({ studentId: ids.otherStudent!, type: 'student-image', validFrom: '2026-09-01' }, { field: 'form', bytes: PDF, type: 'application/pdf' })) };
      return { method: method as 'GET', url, headers: ifMatch, ...(method === 'GET' ? {} : { payload: (bodies[key] ?? {}) as Record<string, unknown> }) };
    }

    it('declares every route of the OpenAPI document in src/server/permissions.ts, and no route that is gone', async () => {
      const routes = await openApiRoutes(k);
      const missing = routes.filter((r) => ROUTE_PERMISSIONS[r] === undefined);
      const gone = Object.keys(ROUTE_PERMISSIONS).filter((r) => !routes.includes(r));
      const add = missing.map((r) => `  '${r}': { who: [/* the roles allowed, e.g. */ 'hr', 'superintendent'], scope: '/* what each sees */' },`).join('\n');
      expect(
        missing,
        `${missing.length} route(s) not in the permission matrix. Add to ROUTE_PERMISSIONS in src/server/permissions.ts:\n${add}\n` +
          `(who: 'public', 'signed-in' or the roles), then run \`node --import tsx src/server/permissions.ts\` to rewrite docs/permissions.md, ` +
          'and give the route a sample request in test/server/permissions.test.ts if an allowed role needs a body to pass validation.',
      ).toEqual([]);
      expect(gone, `remove from ROUTE_PERMISSIONS in src/server/permissions.ts (no such route any more): ${gone.join(', ')}`).toEqual([]);
    });

    it('answers every route for every role as the matrix says: 403 when denied, never 401/403/5xx when allowed', async () => {
      const routes = (await openApiRoutes(k)).filter((r) => ROUTE_PERMISSIONS[r] !== undefined);
      // Sign-out ends the session it is sent with: walk it last.
      routes.sort((a, b) => Number(a === 'POST /api/v1/auth/logout') - Number(b === 'POST /api/v1/auth/logout'));
      const wrong: string[] = [];
      const okBy = new Map<string, number>();
      let calls = 0;
      for (const key of routes) {
        const perm = ROUTE_PERMISSIONS[key]!;
        for (const who of EVERYONE) {
          const allowed = allows(perm, who === 'anonymous' ? undefined : [who as Role]);
          const r = await k.as(who, await sample(key, who));
          calls += 1;
          if (!allowed && r.statusCode !== 403) wrong.push(`${key} as ${who}: expected 403 (denied by the matrix), got ${r.statusCode} ${r.body.slice(0, 160)}`);
          if (allowed && (r.statusCode === 401 || r.statusCode === 403 || r.statusCode >= 500)) wrong.push(`${key} as ${who}: allowed by the matrix, got ${r.statusCode} ${r.body.slice(0, 160)}`);
          if (allowed && r.statusCode < 300) okBy.set(key, (okBy.get(key) ?? 0) + 1);
        }
        if (key === 'POST /api/v1/auth/logout') for (const who of [...ROLES, 'employee2'] as const) await k.signIn(who);
      }
      expect(wrong, wrong.join('\n')).toEqual([]);
      expect(calls).toBe(routes.length * EVERYONE.length);
      // The samples are real requests: every route that is not about a token or an id made up here succeeded for some role.
      const neverOk = routes.filter((r) => !okBy.has(r) && !/\{token\}|review-items\/\{id\}|notifications\/\{id\}|roster-imports|images\/scrub|monitored-accounts\/\{id\}\/poll/.test(r));
      expect(neverOk, `no allowed role got a 2xx answer from: ${neverOk.join(', ')}`).toEqual([]);
    });

    it('never lets an employee read another employee’s records', async () => {
      const mine = { disclosure: ids.disclosure!, report: ids.report!, authorization: ids.authorization!, case: ids.case!, access: ids.access!, coworker: ids.coworker! };
      const lists: Array<[string, string]> = [
        ['/api/v1/disclosures?limit=200', mine.disclosure],
        [`/api/v1/disclosures?employeeId=${k.personOf.employee}&limit=200`, mine.disclosure],
        ['/api/v1/mandated-reports?limit=200', mine.report],
        ['/api/v1/authorizations?limit=200', mine.authorization],
        [`/api/v1/authorizations?employeeId=${k.personOf.employee}&limit=200`, mine.authorization],
        ['/api/v1/discipline-cases?limit=200', mine.case],
        [`/api/v1/discipline-cases?employeeId=${k.personOf.employee}&limit=200`, mine.case],
        ['/api/v1/access-requests?limit=200', mine.access],
        [`/api/v1/access-requests?employeeId=${k.personOf.employee}&limit=200`, mine.access],
        ['/api/v1/coworker-consents?limit=200', mine.coworker],
        [`/api/v1/coworker-consents?employeeId=${k.personOf.employee}&limit=200`, mine.coworker],
      ];
      for (const [url, id] of lists) {
        const own = await k.as('employee', { url });
        expect(own.statusCode, url).toBe(200);
        expect((own.json().items as Array<{ id: string }>).map((x) => x.id), `the employee sees their own record in ${url}`).toContain(id);
        const other = await k.as('employee2', { url });
        expect(other.statusCode, url).toBe(200);
        // (A co-worker consent the employee gave to employee2 is employee2's to see: it names them.)
        const leaked = (other.json().items as Array<{ id: string; employeeId?: string; reporterId?: string; subjectId?: string; granteeId?: string | null }>).filter(
          (x) => x.id === id || x.employeeId === k.personOf.employee || x.reporterId === k.personOf.employee || (x.subjectId === k.personOf.employee && x.granteeId !== k.personOf.employee2),
        );
        expect(leaked, `employee2 reads nothing of the employee in ${url}`).toEqual([]);
      }
      for (const url of [`/api/v1/discipline-cases/${mine.case}`, `/api/v1/consents/${mine.coworker}`, `/api/v1/consents/${mine.coworker}/history`]) {
        expect((await k.as('employee2', { url })).statusCode, url).toBe(404);
      }
      // An employee's people search has names only, never another employee's roster fields.
      const people = (await k.as('employee2', { url: '/api/v1/people?kind=employee&limit=200' })).json().items as Array<Record<string, unknown>>;
      expect(people.every((p) => Object.keys(p).sort().join() === 'id,kind,name')).toBe(true);
    });

    it('shows a guardian only their own children’s consents', async () => {
      const list = (await k.as('guardian', { url: '/api/v1/consents?limit=200' })).json().items as Array<{ id: string; subjectId: string }>;
      const children = (await k.store.db.selectFrom('guardian_links').select('student_id').where('guardian_id', '=', k.personOf.guardian).where('active', '=', 1).execute()).map((l) => l.student_id);
      expect(list.map((c) => c.id)).toContain(ids.childConsent);
      expect(list.every((c) => children.includes(c.subjectId))).toBe(true);
      expect((await k.as('guardian', { url: `/api/v1/consents?studentId=${ids.otherStudent}` })).json().items).toEqual([]);
      for (const url of [`/api/v1/consents/${ids.otherConsent}`, `/api/v1/consents/${ids.otherConsent}/history`, `/api/v1/consents/${ids.otherConsent}/form`, `/api/v1/consents/${ids.coworker}`]) {
        expect((await k.as('guardian', { url })).statusCode, url).toBe(404);
      }
      expect((await k.as('guardian', { method: 'POST', url: `/api/v1/consents/${ids.otherConsent}/revoke`, headers: { 'if-match': '"1"' }, payload: {} })).statusCode).toBe(404);
      expect((await k.as('guardian', { url: `/api/v1/consents/${ids.childConsent}/form` })).statusCode).toBe(200);
    });
  });
}
