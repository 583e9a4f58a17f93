// IV.E feed monitoring on both databases, against feed servers on loopback serving real feeds from ../shared/data/feeds:
// conditional GET, dedup across polls, restarts and concurrent polls, errors reported on the account, politeness, the review queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.js';
import { itemKey, pollMonitoredFeed, type PollDeps } from '../../src/app/poll-monitored-feed.js';
import { registerMonitoredAccount } from '../../src/app/register-monitored-account.js';
import { createUserAccount } from '../../src/app/sign-in.js';
import { FeedFetcher, isNonPublicAddress, readFeedBody } from '../../src/ingest/feed-fetcher.js';
import { createJobQueue } from '../../src/jobs/create-job-queue.js';
import { startMonitoringJobs } from '../../src/jobs/monitoring-jobs.js';
import type { Store } from '../../src/store/create-db.js';
import type { MonitoredAccount } from '../../src/store/schema.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from '../store/databases.js';
import { smallDistrict, type SmallDistrict } from '../store/fixtures.js';
import { feedFile, feedRoute, rss, startFeedServer, type FeedServer } from '../support/feed-server.js';

const REDDIT = 'rss-parser/test-input/reddit.rss';
const HEISE = 'rss-parser/test-input/heise.atom';
const JSONFEED = 'feed-rs/fixture/jsonfeed/jsonfeed_elastic_1.1.json';
const BROKEN_AFTER_ONE_ITEM = 'feedparser/tests-data/illformed/rss_item_link_corrupted_ampersands.xml';
const NOT_A_FEED = 'rss-parser/test-input/unrecognized.rss';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FLAGGED = [
  { guid: 'post-threat', text: "Lee Park, park your pickup in front of my bus one more time and you will regret it. That's a promise.", link: 'https://blog.example/threat' },
  { guid: 'post-fine', text: 'Watercolor week in the art room', link: 'https://blog.example/fine' },
  { guid: 'post-student', text: 'Big congrats to Maya Lopez (student 204518) for getting her GPA back above 3.0 this term!', link: 'https://blog.example/gpa' },
];

describe('the monitor stays outside the district network', () => {
  it('tells public addresses from loopback, private, link-local, metadata and mapped ones', () => {
    for (const a of ['127.0.0.1', '10.20.30.40', '172.16.5.4', '192.168.1.10', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip']) expect(isNonPublicAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '93.184.216.34', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isNonPublicAddress(a), a).toBe(false);
  });

  it('refuses a feed on loopback (by address or by name) without sending a request, unless private networks are allowed', async () => {
    const srv = await startFeedServer();
    try {
      srv.route('/f.rss', feedRoute(rss([{ guid: 'a', text: 'Homecoming parade at 6' }])));
      const port = new URL(srv.url).port;
      const strict = new FeedFetcher({ retries: 0 });
      for (const url of [`${srv.url}/f.rss`, `http://localhost:${port}/f.rss`, `http://[::1]:${port}/f.rss`]) {
        const r = await strict.fetch(url);
        expect(r.status, url).toBe('error');
        expect(r.status === 'error' ? r.error : '').toMatch(/private or local address .*MONITOR_PRIVATE_NETWORKS=true/);
      }
      expect(srv.log).toHaveLength(0);
      const allowed = await new FeedFetcher({ retries: 0, allowPrivateNetworks: true }).fetch(`${srv.url}/f.rss`);
      expect(allowed.status).toBe('ok');
    } finally {
      await srv.close();
    }
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`feed monitoring on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let deps: PollDeps;
    let d: SmallDistrict;
    let srv: FeedServer;
    let srv2: FeedServer;
    let hrUser: string;
    // The feed servers are on loopback, which the monitor refuses by default (see the test of that below).
    const fetcher = new FeedFetcher({ timeoutMs: 600, retries: 2, backoffMs: 50, minGapMs: 200, maxBytes: 2 * 1024 * 1024, maxRedirects: 3, allowPrivateNetworks: true });

    const register = async (path: string, extra: { server?: FeedServer; kind?: 'personal' | 'district'; employee?: boolean } = {}): Promise<MonitoredAccount> =>
      registerMonitoredAccount(deps, { ...d.as('hr'), id: hrUser }, {
        employeeId: extra.employee === false || extra.kind === 'district' ? undefined : d.dana.id,
        network: 'blog',
        handle: `dana${path}`,
        feedUrl: `${(extra.server ?? srv).url}${path}`,
        reason: 'IV.E: the blog is public and the district monitors it',
        accountKind: extra.kind,
      });
    const checksOf = async (accountId: string) =>
      store.db.selectFrom('monitoring_seen_items').innerJoin('checks', 'checks.id', 'monitoring_seen_items.check_id').select(['checks.id', 'checks.verdict', 'checks.request']).where('monitoring_seen_items.account_id', '=', accountId).execute();
    const checkCount = async () => Number((await store.db.selectFrom('checks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const account = (id: string) => store.db.selectFrom('monitored_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      deps = { db: store.db, fetcher };
      d = await smallDistrict(deps as AppDeps);
      hrUser = await createUserAccount(deps, d.admin, { email: 'hr@alexandria.k12.mn.us', name: 'H. R.', roles: ['hr'] });
      srv = await startFeedServer();
      srv2 = await startFeedServer();
    });
    afterAll(async () => {
      await srv?.close();
      await srv2?.close();
      await store?.close();
      await tdb?.drop();
    });

    it('checks every item of a real feed once; the second poll sends the ETag and a 304 re-checks nothing', async () => {
      const body = feedFile(REDDIT);
      const expected = (await readFeedBody(body, undefined, REDDIT, 'blog')).posts.length;
      expect(expected).toBe(24);
      srv.route('/reddit.rss', feedRoute(body, { etag: '"r1"', lastModified: 'Tue, 03 Nov 2026 10:00:00 GMT' }));
      const a = await register('/reddit.rss');
      const first = await pollMonitoredFeed(deps, d.districtId, a.id);
      expect(first).toMatchObject({ status: 'ok', httpStatus: 200, items: 24, newItems: 24, checked: 24 });
      const checks = await checksOf(a.id);
      expect(checks).toHaveLength(24);
      // Every check not `allow` is in the review queue, and nothing else is.
      const flagged = checks.filter((c) => c.verdict !== 'allow').map((c) => c.id).sort();
      const queued = await store.db.selectFrom('review_items').select(['check_id', 'status']).where('account_id', '=', a.id).execute();
      expect(queued.map((q) => q.check_id).sort()).toEqual(flagged);
      expect(first.flagged).toBe(flagged.length);
      let st = await account(a.id);
      expect(st).toMatchObject({ etag: '"r1"', last_modified: 'Tue, 03 Nov 2026 10:00:00 GMT', last_poll_status: 'ok', failures: 0, version: 1 });
      expect(st.next_poll_at! > st.last_polled_at!).toBe(true);

      const before = await checkCount();
      const second = await pollMonitoredFeed(deps, d.districtId, a.id, { force: true });
      expect(second).toMatchObject({ status: 'not-modified', httpStatus: 304, newItems: 0, checked: 0 });
      const req = srv.log.filter((l) => l.path === '/reddit.rss').at(-1)!;
      expect(req.headers['if-none-match']).toBe('"r1"');
      expect(req.headers['if-modified-since']).toBe('Tue, 03 Nov 2026 10:00:00 GMT');
      expect(await checkCount()).toBe(before);
      st = await account(a.id);
      expect(st.last_poll_status).toBe('not-modified');
    });

    it('without validators the feed comes whole again, and dedup still checks nothing twice (also after a restart)', async () => {
      srv.route('/heise.atom', feedRoute(feedFile(HEISE), { type: 'application/atom+xml' }));
      const a = await register('/heise.atom');
      const first = await pollMonitoredFeed(deps, d.districtId, a.id);
      expect(first).toMatchObject({ status: 'ok', items: 15, newItems: 15, checked: 15 });
      const second = await pollMonitoredFeed(deps, d.districtId, a.id, { force: true });
      expect(second).toMatchObject({ status: 'ok', httpStatus: 200, items: 15, newItems: 0, checked: 0 });
      // A restart: a new connection to the same database.
      await store.close();
      store = await tdb.open();
      deps = { db: store.db, fetcher };
      const before = await checkCount();
      const third = await pollMonitoredFeed(deps, d.districtId, a.id, { force: true });
      expect(third).toMatchObject({ status: 'ok', items: 15, newItems: 0, checked: 0 });
      expect(await checkCount()).toBe(before);
      expect(await checksOf(a.id)).toHaveLength(15);
    });

    it('two polls of one account at once check each item once', async () => {
      srv.route('/json', feedRoute(feedFile(JSONFEED), { type: 'application/feed+json' }));
      const a = await register('/json');
      const n = (await readFeedBody(feedFile(JSONFEED), 'application/feed+json', JSONFEED, 'blog')).posts.length;
      expect(n).toBeGreaterThan(0);
      const [x, y] = await Promise.all([pollMonitoredFeed(deps, d.districtId, a.id, { force: true }), pollMonitoredFeed(deps, d.districtId, a.id, { force: true })]);
      expect(x.newItems + y.newItems).toBe(n);
      expect(x.checked + y.checked).toBe(n);
      expect(await checksOf(a.id)).toHaveLength(n);
    });

    it('queues flagged items for review with the verdict and findings, audit-logged, and notifies the requester', async () => {
      srv.route('/flagged', feedRoute(rss(FLAGGED.map((f) => ({ ...f, pubDate: 'Sat, 03 Oct 2026 20:00:00 GMT' })))));
      const a = await register('/flagged');
      const r = await pollMonitoredFeed(deps, d.districtId, a.id);
      expect(r).toMatchObject({ status: 'ok', items: 3, checked: 3 });
      const items = await store.db.selectFrom('review_items').selectAll().where('account_id', '=', a.id).orderBy('item_guid').execute();
      const guids = items.map((i) => i.item_guid);
      expect(guids).toContain('post-threat');
      expect(guids).toContain('post-student');
      expect(guids).not.toContain('post-fine');
      for (const i of items) {
        expect(i.status).toBe('open');
        expect(['revise', 'block']).toContain(i.verdict);
        expect(JSON.parse(i.findings).length).toBeGreaterThan(0);
        expect(i.excerpt.length).toBeGreaterThan(10);
        expect(i.published_at).toBe('2026-10-03T20:00:00.000Z');
      }
      expect(r.reviewItems.sort()).toEqual(items.map((i) => i.id).sort());
      const audit = await store.db.selectFrom('audit_log').select(['action', 'entity_id', 'actor']).where('action', '=', 'review-item.create').where('district_id', '=', d.districtId).execute();
      for (const i of items) expect(audit).toContainEqual({ action: 'review-item.create', entity_id: i.id, actor: 'system:monitoring' });
      const notices = await store.db.selectFrom('notifications').select(['recipient', 'event', 'dedup_key', 'link']).where('event', '=', 'monitoring.flagged').execute();
      for (const i of items) expect(notices).toContainEqual({ recipient: hrUser, event: 'monitoring.flagged', dedup_key: `review-item:${i.id}`, link: `/staff/monitoring?item=${i.id}` });
    });

    it('a huge item is checked (its text cut to the 100,000 characters a post may have); a body over the cap is an error on the account', async () => {
      const huge = 'Ordinary words about the science fair. '.repeat(8000); // ~312,000 characters
      srv.route('/huge-item', feedRoute(rss([{ guid: 'huge', text: huge }])));
      const a = await register('/huge-item');
      const r = await pollMonitoredFeed(deps, d.districtId, a.id);
      expect(r).toMatchObject({ status: 'ok', checked: 1 });
      const [c] = await checksOf(a.id);
      expect((JSON.parse(c!.request) as { post: { text: string } }).post.text.length).toBe(100_000);

      srv.route('/too-big', feedRoute(rss([{ guid: 'big', text: 'x'.repeat(3 * 1024 * 1024) }])));
      const b = await register('/too-big');
      const big = await pollMonitoredFeed(deps, d.districtId, b.id);
      expect(big.status).toBe('error');
      expect(big.error).toMatch(/larger than 2097152 bytes/);
      expect(await account(b.id)).toMatchObject({ last_poll_status: 'error', failures: 1 });
    });

    it('404 is reported on the account with a later next poll; failures back off', async () => {
      const a = await register('/missing');
      const r1 = await pollMonitoredFeed(deps, d.districtId, a.id);
      expect(r1).toMatchObject({ status: 'error', httpStatus: 404, error: 'HTTP 404 Not Found' });
      const r2 = await pollMonitoredFeed(deps, d.districtId, a.id, { force: true });
      const st = await account(a.id);
      expect(st).toMatchObject({ last_poll_status: 'error', last_poll_error: 'HTTP 404 Not Found', failures: 2 });
      // 404 is not retried: one request per poll.
      expect(srv.log.filter((l) => l.path === '/missing')).toHaveLength(2);
      const gap1 = Date.parse(r1.nextPollAt!) - Date.parse(st.last_polled_at!);
      expect(Date.parse(r2.nextPollAt!) - Date.parse(st.last_polled_at!)).toBeGreaterThanOrEqual(2 * 3600 * 1000 - 5000);
      expect(gap1).toBeGreaterThan(3500 * 1000);
      // Not due yet: a scheduled (not forced) poll does nothing.
      expect((await pollMonitoredFeed(deps, d.districtId, a.id)).status).toBe('skipped');
    });

    it('500 then 200: retried with backoff, and the items are checked', async () => {
      const body = feedFile(HEISE);
      srv.route('/flaky', (req, res, n) => {
        if (n === 1) {
          res.writeHead(500);
          res.end('oops');
          return;
        }
        return feedRoute(body, { type: 'application/atom+xml' })(req, res, n);
      });
      const a = await register('/flaky');
      const r = await pollMonitoredFeed(deps, d.districtId, a.id);
      expect(r).toMatchObject({ status: 'ok', httpStatus: 200, items: 15 });
      const reqs = srv.log.filter((l) => l.path === '/flaky');
      expect(reqs.map((l) => l.status)).toEqual([500, 200]);
      // backoff 50 ms, and the host's 200 ms gap.
      expect(reqs[1]!.at - reqs[0]!.end).toBeGreaterThanOrEqual(190);
      expect(await account(a.id)).toMatchObject({ failures: 0, last_poll_status: 'ok' });
    });

    it('a slow body times out (retried, then reported)', async () => {
      srv.route('/slow', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
        // ...and never finishes within the 600 ms timeout.
        const t = setTimeout(() => res.end('</channel></rss>'), 5000);
        res.on('close', () => clearTimeout(t));
      });
      const a = await register('/slow');
      const r = await pollMonitoredFeed(deps, d.districtId, a.id);
      expect(r.status).toBe('error');
      expect(r.error).toBe('no complete answer within 600 ms');
      expect(srv.log.filter((l) => l.path === '/slow')).toHaveLength(3);
      expect(await account(a.id)).toMatchObject({ last_poll_status: 'error', last_poll_error: 'no complete answer within 600 ms', failures: 1 });
    });

    it('follows redirects (bounded)', async () => {
      srv.route('/moved', (_req, res) => {
        res.writeHead(301, { location: '/moved-again' });
        res.end();
      });
      srv.route('/moved-again', (_req, res) => {
        res.writeHead(302, { location: `${srv2.url}/final.rss` });
        res.end();
      });
      srv2.route('/final.rss', feedRoute(feedFile(REDDIT)));
      const a = await register('/moved');
      const r = await pollMonitoredFeed(deps, d.districtId, a.id);
      expect(r).toMatchObject({ status: 'ok', items: 24 });
      srv.route('/loop', (_req, res) => {
        res.writeHead(302, { location: '/loop' });
        res.end();
      });
      const b = await register('/loop');
      const loop = await pollMonitoredFeed(deps, d.districtId, b.id);
      expect(loop).toMatchObject({ status: 'error', error: 'more than 3 redirects' });
      expect(srv.log.filter((l) => l.path === '/loop')).toHaveLength(4);
    });

    it('malformed XML is reported on the account; items read before the break are still checked; a page that is no feed is an error', async () => {
      srv.route('/broken', feedRoute(feedFile(BROKEN_AFTER_ONE_ITEM), { etag: '"b1"' }));
      const a = await register('/broken');
      const r = await pollMonitoredFeed(deps, d.districtId, a.id);
      expect(r).toMatchObject({ status: 'malformed', items: 1, checked: 1 });
      expect(r.error).toMatch(/unclosed tag: rss/);
      // A feed read only in part keeps no validators (the next poll fetches it whole).
      expect(await account(a.id)).toMatchObject({ last_poll_status: 'malformed', failures: 1, etag: null });
      expect((await account(a.id)).last_poll_error).toMatch(/unclosed tag/);

      srv.route('/html', feedRoute(feedFile(NOT_A_FEED), { type: 'text/html' }));
      const b = await register('/html');
      const h = await pollMonitoredFeed(deps, d.districtId, b.id);
      expect(h).toMatchObject({ status: 'malformed', items: 0, error: 'not an RSS, Atom or JSON feed (text/html)' });
    });

    it('encodings: the HTTP charset (Windows-1252), the XML declaration (EUC-KR, ISO-8859-1) and a UTF-16 byte order mark', async () => {
      const cases = [
        { path: '/cp1252', file: 'feedparser/tests-data/encoding/http_text_xml_charset_2.xml', type: 'text/xml; charset=windows-1252', want: 'This is a \u00a3\u201ctest.\u201d' },
        { path: '/euckr', file: 'feedparser/tests-data/encoding/euc-kr-item.xml', type: 'text/xml', want: '\ub144' },
        { path: '/latin1', file: 'rss-parser/test-input/encoding.rss', type: 'application/rss+xml', want: 'S\u00f3nia Laygue' },
      ];
      for (const c of cases) {
        srv.route(c.path, feedRoute(feedFile(c.file), { type: c.type }));
        const a = await register(c.path);
        const r = await pollMonitoredFeed(deps, d.districtId, a.id);
        expect(r.status, c.file).toBe('ok');
        const texts = (await checksOf(a.id)).map((x) => (JSON.parse(x.request) as { post: { text: string } }).post.text);
        expect(texts.some((t) => t.includes(c.want)), `${c.file}: ${texts[0]?.slice(0, 80)}`).toBe(true);
      }
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss([{ guid: 'u16', text: 'Gr\u00fc\u00dfe aus der Schule \u2014 UTF-16' }]).toString('utf8').replace('encoding="utf-8"', 'encoding="utf-16"'), 'utf16le')]);
      srv.route('/utf16', feedRoute(utf16, { type: 'application/rss+xml' }));
      const u = await register('/utf16');
      expect(await pollMonitoredFeed(deps, d.districtId, u.id)).toMatchObject({ status: 'ok', checked: 1 });
      expect((JSON.parse((await checksOf(u.id))[0]!.request) as { post: { text: string } }).post.text).toBe('Gr\u00fc\u00dfe aus der Schule \u2014 UTF-16');
    });

    it('politeness: one request per host at a time with the minimum gap; other hosts are not held up', async () => {
      const body = feedFile(HEISE);
      const slowFeed = (ms: number) => (req: Parameters<ReturnType<typeof feedRoute>>[0], res: Parameters<ReturnType<typeof feedRoute>>[1], n: number) =>
        sleep(ms).then(() => feedRoute(body, { type: 'application/atom+xml' })(req, res, n));
      for (const p of ['/p1', '/p2', '/p3']) srv.route(p, slowFeed(100));
      srv2.route('/q1', slowFeed(100));
      const accts = await Promise.all(['/p1', '/p2', '/p3'].map((p) => register(p)));
      const other = await register('/q1', { server: srv2 });
      const t0 = Date.now();
      const results = await Promise.all([...accts.map((a) => pollMonitoredFeed(deps, d.districtId, a.id)), pollMonitoredFeed(deps, d.districtId, other.id)]);
      expect(results.every((r) => r.status === 'ok')).toBe(true);
      const hits = srv.log.filter((l) => l.at >= t0 && ['/p1', '/p2', '/p3'].includes(l.path)).sort((x, y) => x.at - y.at);
      expect(hits).toHaveLength(3);
      for (let i = 1; i < hits.length; i++) expect(hits[i]!.at - hits[i - 1]!.end).toBeGreaterThanOrEqual(195);
      // The other host's request started while the first host's lane was still busy.
      const q = srv2.log.find((l) => l.path === '/q1')!;
      expect(q.at).toBeLessThan(hits[2]!.at);
      expect(srv.maxInFlight()).toBe(1);
    });

    it('item keys: the guid, else the link, scoped by network', () => {
      const k1 = itemKey({ id: 'g1', text: 'a', network: 'blog' });
      expect(k1).toBe(itemKey({ id: 'g1', text: 'b', link: 'x', network: 'blog' }));
      expect(k1).not.toBe(itemKey({ id: 'g1', text: 'a', network: 'x' }));
    });

    it('scheduled on the job queue: feeds are polled when due, and a restart (queue and database) checks nothing twice', async () => {
      let n = 0;
      srv.route('/sched', feedRoute(() => rss([...Array.from({ length: n }, (_, i) => ({ guid: `s${i}`, text: `Science fair update number ${i}` }))])));
      n = 3;
      const a = await register('/sched');
      const polls: string[] = [];
      const open = async () => {
        const q = createJobQueue(store, { databaseUrl: tdb.options.databaseUrl, pollingIntervalSeconds: 0.5, cronIntervalSeconds: 1 });
        await q.start();
        await startMonitoringJobs(q, deps, { pollingIntervalSeconds: 0.5, // A duplicate job finds the account not due and skips it: only real polls count.
          onPoll: (r) => r.accountId === a.id && r.status !== 'skipped' && polls.push(r.status) });
        return q;
      };
      let q = await open();
      const until = async (c: () => boolean) => {
        const end = Date.now() + 15_000;
        while (!c()) {
          if (Date.now() > end) throw new Error('timed out');
          await sleep(50);
        }
      };
      await until(() => polls.length >= 1);
      expect(await checksOf(a.id)).toHaveLength(3);
      await q.stop();
      // The cron tick and the start both queued the due account; the duplicate skipped.
      expect(polls).toEqual(['ok']);
      polls.length = 0;
      // Restart: new connection, new queue; the feed has one more item and the account is due again.
      await store.close();
      store = await tdb.open();
      deps = { db: store.db, fetcher };
      n = 4;
      await store.db.updateTable('monitored_accounts').set({ next_poll_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', a.id).execute();
      q = await open();
      await until(() => polls.length >= 1);
      await sleep(1500);
      await q.stop();
      expect(polls).toEqual(['ok']);
      const checks = await checksOf(a.id);
      expect(checks).toHaveLength(4);
      expect(new Set(checks.map((c) => c.id)).size).toBe(4);
    });
  });
}
