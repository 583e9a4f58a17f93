// The monitoring API on both databases: monitored accounts (register, list, end, poll now against a feed server on
// loopback) and the review queue (list with cursors, dismiss, incident, attach to a discipline case), roles and If-Match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/access.js';
import { openDisciplineCase } from '../../src/app/open-discipline-case.js';
import { configureSharedFeedFetcher } from '../../src/ingest/feed-fetcher.js';
import { dialectAvailable, DIALECTS } from '../store/databases.js';
import { feedFile, feedRoute, rss, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { startKit, type Kit } from './kit.js';

const POSTS = [
  { guid: 'm-threat', text: "Kyle, park your pickup in front of my bus one more time and you will regret it. That's a promise.", link: 'https://blog.example/1' },
  { guid: 'm-fine', text: 'Watercolor week in the art room', link: 'https://blog.example/2' },
  { guid: 'm-profanity', text: 'Fire alarm test in the middle of my lecture. What a sh*tty way to start a Tuesday', link: 'https://blog.example/3' },
];

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`monitoring API on ${dialect}`, () => {
    let kit: Kit;
    let srv: FeedServer;
    let accountId: string;
    let accountVersion: number;
    let items: Array<{ id: string; itemGuid: string; version: number; verdict: string; checkId: string; findings: unknown[]; status: string }>;

    beforeAll(async () => {
      configureSharedFeedFetcher({ allowPrivateNetworks: true }); // the feed server is on loopback
      kit = await startKit(dialect, { students: 10, employees: 8 });
      srv = await startFeedServer();
      srv.route('/blog.rss', feedRoute(rss(POSTS), { etag: '"v1"' }));
      srv.route('/district.atom', feedRoute(feedFile('rss-parser/test-input/heise.atom'), { type: 'application/atom+xml', etag: '"h1"' }));
    });
    afterAll(async () => {
      await srv?.close();
      await kit?.close();
    });

    it('registers an employee blog with its feed (monitors only), naming bad fields', async () => {
      const body = { employeeId: kit.personOf.employee, network: 'blog', handle: 'teacher-blog', feedUrl: `${srv.url}/blog.rss`, reason: 'IV.E: public blog, concern raised by a parent', pollIntervalSeconds: 900 };
      const forbidden = await Promise.all((['employee', 'communications', 'guardian'] as const).map((who) => kit.as(who, { method: 'POST', url: '/api/v1/monitored-accounts', payload: body })));
      expect(forbidden.map((r) => r.statusCode)).toEqual([403, 403, 403]);
      const bad = await kit.as('hr', { method: 'POST', url: '/api/v1/monitored-accounts', payload: { ...body, feedUrl: 'ftp://x/feed' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ field: 'feedUrl' });
      const noReason = await kit.as('hr', { method: 'POST', url: '/api/v1/monitored-accounts', payload: { ...body, reason: '' } });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().field).toMatch(/reason/);
      const r = await kit.as('hr', { method: 'POST', url: '/api/v1/monitored-accounts', payload: body });
      expect(r.statusCode).toBe(201);
      const a = r.json();
      expect(a).toMatchObject({ kind: 'personal', employeeId: kit.personOf.employee, feedUrl: `${srv.url}/blog.rss`, pollIntervalSeconds: 900, active: true, failures: 0, version: 1, lastPollStatus: null });
      expect(a.nextPollAt).toBe(kit.deps.clock.now.toISOString());
      accountId = a.id;
      accountVersion = a.version;
      const audit = await kit.store.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', accountId).execute();
      expect(audit.map((x) => x.action)).toEqual(['monitored-account.register']);
      expect(JSON.parse(audit[0]!.details)).toMatchObject({ reason: body.reason, feedUrl: body.feedUrl, kind: 'personal' });
    });

    it('communications registers and sees the district’s own accounts, not employees’', async () => {
      const r = await kit.as('communications', { method: 'POST', url: '/api/v1/monitored-accounts', payload: { kind: 'district', network: 'blog', handle: 'district-news', feedUrl: `${srv.url}/district.atom`, reason: 'our news blog' } });
      expect(r.statusCode).toBe(201);
      const mine = await kit.as('communications', { method: 'GET', url: '/api/v1/monitored-accounts' });
      expect(mine.json().items.map((x: { handle: string }) => x.handle)).toEqual(['district-news']);
      const all = await kit.as('hr', { method: 'GET', url: '/api/v1/monitored-accounts?limit=1' });
      expect(all.json().items).toHaveLength(1);
      expect(all.json().nextCursor).toEqual(expect.any(String));
      const next = await kit.as('hr', { method: 'GET', url: `/api/v1/monitored-accounts?limit=1&cursor=${all.json().nextCursor}` });
      expect([...all.json().items, ...next.json().items].map((x: { handle: string }) => x.handle).sort()).toEqual(['district-news', 'teacher-blog']);
      const hidden = await kit.as('communications', { method: 'GET', url: `/api/v1/monitored-accounts/${accountId}` });
      expect(hidden.statusCode).toBe(404);
      const poll = await kit.as('communications', { method: 'POST', url: `/api/v1/monitored-accounts/${r.json().id}/poll` });
      expect(poll.statusCode).toBe(200);
      expect(poll.json()).toMatchObject({ status: 'ok', items: 15, newItems: 15, checked: 15 });
    });

    it('poll now checks the feed; flagged posts land in the queue; a second poll is a 304', async () => {
      const r = await kit.as('building-supervisor', { method: 'POST', url: `/api/v1/monitored-accounts/${accountId}/poll` });
      expect(r.statusCode).toBe(200);
      const p = r.json();
      expect(p).toMatchObject({ status: 'ok', httpStatus: 200, items: 3, newItems: 3, checked: 3 });
      expect(p.flagged).toBeGreaterThanOrEqual(1);
      const again = await kit.as('hr', { method: 'POST', url: `/api/v1/monitored-accounts/${accountId}/poll` });
      expect(again.json()).toMatchObject({ status: 'not-modified', httpStatus: 304, checked: 0 });
      expect(srv.log.filter((l) => l.path === '/blog.rss').at(-1)!.headers['if-none-match']).toBe('"v1"');
      const q = await kit.as('hr', { method: 'GET', url: `/api/v1/review-items?accountId=${accountId}&status=open` });
      expect(q.statusCode).toBe(200);
      items = q.json().items;
      expect(items.map((i) => i.id).sort()).toEqual([...p.reviewItems].sort());
      const threat = items.find((i) => i.itemGuid === 'm-threat');
      expect(threat).toBeDefined();
      expect(items.find((i) => i.itemGuid === 'm-fine')).toBeUndefined();
      for (const i of items) {
        expect(['revise', 'block']).toContain(i.verdict);
        expect(i.findings.length).toBeGreaterThan(0);
        expect(i.status).toBe('open');
      }
      const polls = await kit.store.db.selectFrom('audit_log').select(['actor', 'details']).where('entity_id', '=', accountId).where('action', '=', 'monitored-account.poll').orderBy('seq').execute();
      expect(polls.map((x) => JSON.parse(x.details).status)).toEqual(['ok', 'not-modified']);
      expect(polls[0]!.actor).not.toBe(polls[1]!.actor);
      const st = await kit.as('hr', { method: 'GET', url: `/api/v1/monitored-accounts/${accountId}` });
      expect(st.json()).toMatchObject({ lastPollStatus: 'not-modified', failures: 0, version: accountVersion });
    });

    it('the queue: roles, filters and cursors', async () => {
      expect((await kit.as('employee', { method: 'GET', url: '/api/v1/review-items' })).statusCode).toBe(403);
      // Communications sees only the district accounts' items.
      const comms = await kit.as('communications', { method: 'GET', url: `/api/v1/review-items?accountId=${accountId}` });
      expect(comms.json().items).toEqual([]);
      const bad = await kit.as('hr', { method: 'GET', url: '/api/v1/review-items?status=closed' });
      expect(bad.statusCode).toBe(400);
      const first = await kit.as('superintendent', { method: 'GET', url: `/api/v1/review-items?accountId=${accountId}&limit=1` });
      expect(first.json().items).toHaveLength(1);
      if (items.length > 1) {
        const second = await kit.as('superintendent', { method: 'GET', url: `/api/v1/review-items?accountId=${accountId}&limit=1&cursor=${first.json().nextCursor}` });
        expect(second.json().items[0].id).not.toBe(first.json().items[0].id);
      }
      const bogus = await kit.as('hr', { method: 'GET', url: '/api/v1/review-items?cursor=nope' });
      expect(bogus.statusCode).toBe(400);
      expect(bogus.json().field).toBe('cursor');
    });

    it('dismiss needs a reason and the current version; a decided item is not decided again', async () => {
      const it0 = items[0]!;
      const noReason = await kit.as('hr', { method: 'POST', url: `/api/v1/review-items/${it0.id}/dismiss`, payload: {} });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().field).toMatch(/reason/);
      const stale = await kit.as('hr', { method: 'POST', url: `/api/v1/review-items/${it0.id}/dismiss`, headers: { 'if-match': `"${it0.version + 1}"` }, payload: { reason: 'satire' } });
      expect(stale.statusCode).toBe(412);
      const ok = await kit.as('hr', { method: 'POST', url: `/api/v1/review-items/${it0.id}/dismiss`, headers: { 'if-match': `"${it0.version}"` }, payload: { reason: 'Quoted song lyrics, not a threat' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'dismissed', reason: 'Quoted song lyrics, not a threat', version: it0.version + 1 });
      expect(ok.json().decidedBy).toEqual(expect.any(String));
      const twice = await kit.as('hr', { method: 'POST', url: `/api/v1/review-items/${it0.id}/incident`, payload: { reason: 'changed my mind' } });
      expect(twice.statusCode).toBe(409);
      const dismissed = await kit.as('hr', { method: 'GET', url: `/api/v1/review-items?status=dismissed` });
      expect(dismissed.json().items.map((i: { id: string }) => i.id)).toContain(it0.id);
    });

    it('an incident is attached to a discipline case of the same employee (HR or the Superintendent), and the case gets the check', async () => {
      expect(items.length).toBeGreaterThanOrEqual(2);
      const target = items[1]!;
      const inc = await kit.as('building-supervisor', { method: 'POST', url: `/api/v1/review-items/${target.id}/incident`, payload: { reason: 'Threat toward a colleague' } });
      expect(inc.statusCode).toBe(200);
      expect(inc.json().status).toBe('incident');
      const hr: Actor = { districtId: kit.demo.districtId, id: 'user:hr', roles: ['hr'] };
      const c = await openDisciplineCase(kit.deps, hr, { employeeId: kit.personOf.employee, summary: 'Posts on a personal blog' });
      const other = await openDisciplineCase(kit.deps, hr, { employeeId: kit.personOf.employee2, summary: 'Another matter' });
      const bySupervisor = await kit.as('building-supervisor', { method: 'POST', url: `/api/v1/review-items/${target.id}/attach`, payload: { caseId: c.id } });
      expect(bySupervisor.statusCode).toBe(403);
      const wrongPerson = await kit.as('hr', { method: 'POST', url: `/api/v1/review-items/${target.id}/attach`, payload: { caseId: other.id } });
      expect(wrongPerson.statusCode).toBe(400);
      expect(wrongPerson.json().field).toBe('caseId');
      const ok = await kit.as('hr', { method: 'POST', url: `/api/v1/review-items/${target.id}/attach`, headers: { 'if-match': `"${inc.json().version}"` }, payload: { caseId: c.id, reason: 'Part of the case' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ item: { status: 'case', caseId: c.id }, caseId: c.id, caseVersion: 2 });
      const row = await kit.store.db.selectFrom('discipline_cases').select(['check_ids', 'version']).where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(JSON.parse(row.check_ids)).toEqual([target.checkId]);
      const audit = await kit.store.db.selectFrom('audit_log').select('action').where('entity_id', '=', target.id).where('action', 'not like', '%.read').orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['review-item.create', 'review-item.incident', 'review-item.attach']);
      // Staff reading the queue (a flagged post may name a student) is logged with the ids read.
      const reads = await kit.store.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'review-item.read').orderBy('seq').execute();
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.some((r) => (JSON.parse(r.details) as { ids: string[] }).ids.includes(target.id))).toBe(true);
    });

    it('ending monitoring takes If-Match, keeps the record and stops polling', async () => {
      const stale = await kit.as('hr', { method: 'POST', url: `/api/v1/monitored-accounts/${accountId}/end`, headers: { 'if-match': '"9"' }, payload: { reason: 'concern resolved' } });
      expect(stale.statusCode).toBe(412);
      const ok = await kit.as('hr', { method: 'POST', url: `/api/v1/monitored-accounts/${accountId}/end`, headers: { 'if-match': `"${accountVersion}"` }, payload: { reason: 'concern resolved' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ active: false, nextPollAt: null, version: accountVersion + 1 });
      const poll = await kit.as('hr', { method: 'POST', url: `/api/v1/monitored-accounts/${accountId}/poll` });
      expect(poll.statusCode).toBe(409);
      const listed = await kit.as('hr', { method: 'GET', url: '/api/v1/monitored-accounts?includeEnded=true' });
      expect(listed.json().items.map((a: { id: string }) => a.id)).toContain(accountId);
      const active = await kit.as('hr', { method: 'GET', url: '/api/v1/monitored-accounts' });
      expect(active.json().items.map((a: { id: string }) => a.id)).not.toContain(accountId);
    });

    it('is in the OpenAPI document', async () => {
      const r = await kit.as('anonymous', { method: 'GET', url: '/api/docs/json' });
      expect(r.statusCode).toBe(200);
      const paths = Object.keys(r.json().paths);
      for (const p of ['/api/v1/monitored-accounts', '/api/v1/monitored-accounts/{id}/poll', '/api/v1/monitored-accounts/{id}/end', '/api/v1/review-items', '/api/v1/review-items/{id}/dismiss', '/api/v1/review-items/{id}/incident', '/api/v1/review-items/{id}/attach']) {
        expect(paths).toContain(p);
      }
    });
  });
}
