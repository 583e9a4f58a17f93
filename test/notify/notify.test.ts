// notify() on SQLite and PostgreSQL with a real SMTP server on loopback: notices once per dedup key, e-mails that arrive, retries, the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadPolicyPack } from '../../src/app/load-policy-pack.js';
import { deliverMail, listMyNotifications, markNotificationRead, notify, usersWithRoles, type NotifyDeps } from '../../src/app/notify.js';
import { createUserAccount } from '../../src/app/sign-in.js';
import { loadConfig } from '../../src/config.js';
import { createSmtpMailer, type SmtpMailer } from '../../src/mail/smtp.js';
import { buildServer } from '../../src/server/app.js';
import type { Store } from '../../src/store/create-db.js';
import { listAudit, verifyAuditLog } from '../../src/store/repos/audit-log.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from '../store/databases.js';
import { smallDistrict, type SmallDistrict } from '../store/fixtures.js';
import { startLocalSmtp, type LocalSmtp } from '../support/smtp.js';

const PW = 'correct horse battery staple';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`notify on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let smtp: LocalSmtp;
    let mailer: SmtpMailer;
    let deps: NotifyDeps;
    let d: SmallDistrict;
    let now = new Date('2026-10-05T14:00:00Z');
    let superUser: string;
    let danaUser: string;

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      smtp = await startLocalSmtp({ user: 'clearpost', pass: 's3cret-pass' });
      const cfg = loadConfig({ SMTP_URL: `smtp://clearpost:s3cret-pass@127.0.0.1:${smtp.port}`, SMTP_FROM: 'Clearpost <no-reply@alexandria.k12.mn.us>', PUBLIC_URL: 'https://clearpost.alexandria.example' }, '/nonexistent.env');
      mailer = createSmtpMailer(cfg.mail!);
      deps = { db: store.db, now: () => now, mailer, publicUrl: cfg.publicUrl };
      d = await smallDistrict(deps);
      superUser = await createUserAccount(deps, d.admin, { email: 'super@alexandria.k12.mn.us', name: 'Superintendent', password: PW, roles: ['superintendent'] });
      danaUser = await createUserAccount(deps, d.admin, { email: 'dana.login@alexandria.k12.mn.us', name: 'Dana Whitfield', password: PW, personId: d.dana.id, roles: ['employee'] });
    });
    afterAll(async () => {
      mailer?.close();
      await smtp?.close();
      await store?.close();
      await tdb?.drop();
    });

    it('writes one notice per recipient with its audit entry and the e-mails arrive at the SMTP server', async () => {
      const r = await notify(deps, {
        districtId: d.districtId,
        recipients: [d.dana.id, superUser, d.guardian.id],
        event: 'test.hello',
        dedupKey: 'hello:1',
        subject: 'Annual disclosure reminder',
        body: 'Please file your annual disclosure for 2026-2027.',
        link: '/records/disclosure',
        by: 'system:test',
      });
      expect(r.created).toHaveLength(3);
      expect(new Set(r.created.map((c) => c.recipient))).toEqual(new Set([d.dana.id, superUser, d.guardian.id]));
      expect(r.mail).toEqual({ queued: 3, sent: 3, failed: 0 });
      const got = await smtp.waitFor(3);
      const byTo = new Map(got.map((m) => [m.to[0], m]));
      // A person recipient gets the person's address; a user without a person gets the sign-in address.
      expect([...byTo.keys()].sort()).toEqual(['dwhitfield@alexandria.k12.mn.us', 'rosa@example.com', 'super@alexandria.k12.mn.us']);
      const m = byTo.get('rosa@example.com')!;
      expect(m.from).toBe('no-reply@alexandria.k12.mn.us');
      expect(m.subject).toBe('Annual disclosure reminder');
      expect(m.text).toContain('Please file your annual disclosure for 2026-2027.');
      expect(m.text).toContain('https://clearpost.alexandria.example/records/disclosure');
      expect(m.messageId).toMatch(/^<[0-9a-f-]{36}@clearpost>$/);
      const audit = (await listAudit(store.db, d.districtId)).filter((e) => e.action === 'notification.create');
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor).toBe('system:test');
      expect(JSON.parse(audit[0]!.details)).toMatchObject({ event: 'test.hello', dedupKey: 'hello:1', emails: 3 });
      const sentAudit = (await listAudit(store.db, d.districtId)).filter((e) => e.action === 'mail.send');
      expect(sentAudit).toHaveLength(3);
      expect(await verifyAuditLog(store.db, { districtId: d.districtId })).toMatchObject({ ok: true });
    });

    it('sends nothing the second time: same dedup key, even when the recipient is named by the user id instead of the person id', async () => {
      const before = smtp.received.length;
      const r = await notify(deps, { districtId: d.districtId, recipients: [danaUser, d.dana.id, superUser], event: 'test.hello', dedupKey: 'hello:1', subject: 'Again', body: 'Again' });
      expect(r.created).toEqual([]);
      expect(r.already).toBe(2);
      expect(r.mail.queued).toBe(0);
      await sleep(300);
      expect(smtp.received.length).toBe(before);
      const rows = await store.db.selectFrom('notifications').select(['recipient']).where('dedup_key', '=', 'hello:1').execute();
      expect(rows).toHaveLength(3);
    });

    it('concurrent runs with the same key create each notice once', async () => {
      const recipients = [d.dana.id, d.lee.id, superUser];
      const before = smtp.received.length;
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => notify(deps, { districtId: d.districtId, recipients: i % 2 === 0 ? recipients : [...recipients].reverse(), event: 'test.race', dedupKey: 'race:1', subject: 'Race', body: 'Only once' })));
      expect(results.reduce((n, r) => n + r.created.length, 0)).toBe(3);
      const rows = await store.db.selectFrom('notifications').select(['recipient']).where('dedup_key', '=', 'race:1').execute();
      expect(rows.map((x) => x.recipient).sort()).toEqual([...recipients].sort());
      await smtp.waitFor(before + 3);
      await sleep(300);
      expect(smtp.received.length).toBe(before + 3);
    });

    it('keeps an e-mail the server refused in the outbox and sends it on the next run', async () => {
      smtp.refuseNext(1);
      const before = smtp.received.length;
      const r = await notify(deps, { districtId: d.districtId, recipients: [d.lee.id], event: 'test.retry', dedupKey: 'retry:1', subject: 'Retry me', body: 'Second time lucky' });
      expect(r.mail).toEqual({ queued: 1, sent: 0, failed: 1 });
      const row = await store.db.selectFrom('mail_outbox').selectAll().where('notification_id', '=', r.created[0]!.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: '2026-10-05T14:01:00.000Z' });
      expect(row.last_error).toMatch(/451/);
      // Not due yet: nothing happens.
      expect(await deliverMail({ ...deps, mailer })).toEqual({ sent: 0, retrying: 0, failed: 0 });
      now = new Date('2026-10-05T14:02:00Z');
      expect(await deliverMail({ ...deps, mailer })).toEqual({ sent: 1, retrying: 0, failed: 0 });
      const got = await smtp.waitFor(before + 1);
      expect(got.at(-1)).toMatchObject({ to: ['lpark@alexandria.k12.mn.us'], subject: 'Retry me' });
      const after = await store.db.selectFrom('mail_outbox').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      expect(after).toMatchObject({ status: 'sent', attempts: 2, last_error: null, claimed_until: null });
      const actions = (await listAudit(store.db, d.districtId)).filter((e) => e.entity_id === row.id).map((e) => e.action);
      expect(actions).toEqual(['mail.retry', 'mail.send']);
    });

    it('queues e-mail without a mailer; the sender sends it later', async () => {
      const before = smtp.received.length;
      const r = await notify({ db: store.db, now: () => now }, { districtId: d.districtId, recipients: [d.dana.id], event: 'test.queue', dedupKey: 'queue:1', subject: 'Queued', body: 'Later' });
      expect(r.mail).toEqual({ queued: 1, sent: 0, failed: 0 });
      await sleep(200);
      expect(smtp.received.length).toBe(before);
      expect((await deliverMail({ ...deps, mailer })).sent).toBe(1);
      expect((await smtp.waitFor(before + 1)).at(-1)!.subject).toBe('Queued');
      expect((await deliverMail({ ...deps, mailer })).sent).toBe(0);
    });

    it('names the bad field', async () => {
      const base = { districtId: d.districtId, recipients: [d.dana.id], event: 'test.bad', dedupKey: 'bad', subject: 'S', body: 'B' };
      await expect(notify(deps, { ...base, event: 'Bad Event' })).rejects.toMatchObject({ code: 'invalid-request', field: 'event' });
      await expect(notify(deps, { ...base, subject: 'two\nlines' })).rejects.toMatchObject({ field: 'subject' });
      await expect(notify(deps, { ...base, dedupKey: ' ' })).rejects.toMatchObject({ field: 'dedupKey' });
      await expect(notify(deps, { ...base, link: 'javascript:alert(1)' })).rejects.toMatchObject({ field: 'link' });
      await expect(notify(deps, { ...base, recipients: [d.dana.id, 'nobody'] })).rejects.toMatchObject({ field: 'recipients.1' });
      expect(await store.db.selectFrom('notifications').select('id').where('dedup_key', '=', 'bad').execute()).toEqual([]);
    });

    it('lists my notices unread first and marks them read; another user’s notice is not found', async () => {
      const dana = { districtId: d.districtId, id: danaUser, personId: d.dana.id, roles: ['employee'] as const };
      const list = await listMyNotifications(deps, dana);
      expect(list.items.map((n) => n.event)).toEqual(['test.queue', 'test.race', 'test.hello']);
      expect(list.unread).toBe(3);
      const read = await markNotificationRead(deps, dana, list.items[2]!.id);
      expect(read.readAt).toBe(now.toISOString());
      const again = await listMyNotifications(deps, dana);
      expect(again.unread).toBe(2);
      expect(again.items.at(-1)!.readAt).not.toBeNull();
      const superList = await listMyNotifications(deps, { districtId: d.districtId, id: superUser, roles: ['superintendent'] });
      await expect(markNotificationRead(deps, dana, superList.items[0]!.id)).rejects.toMatchObject({ code: 'not-found' });
      expect(await usersWithRoles(deps, d.districtId, ['superintendent', 'hr'])).toEqual([superUser]);
    });

    it('serves GET /api/v1/notifications and POST /api/v1/notifications/:id/read', async () => {
      const app: FastifyInstance = await buildServer({ deps, pack: loadPolicyPack() });
      try {
        const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'super@alexandria.k12.mn.us', password: PW } });
        expect(login.statusCode).toBe(200);
        const cookies = login.cookies as Array<{ name: string; value: string }>;
        const csrf = cookies.find((c) => c.name === 'clearpost_csrf')!.value;
        const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
        const list = await app.inject({ url: '/api/v1/notifications', headers: { cookie } });
        expect(list.statusCode).toBe(200);
        const body = list.json() as { items: Array<{ id: string; subject: string; readAt: string | null }>; unread: number; nextCursor: string | null };
        expect(body.items.map((n) => n.subject)).toEqual(['Race', 'Annual disclosure reminder']);
        expect(body.unread).toBe(2);
        expect(body.nextCursor).toBeNull();
        // Cursor pages of one: the same order, then the end.
        const p1 = (await app.inject({ url: '/api/v1/notifications?limit=1', headers: { cookie } })).json();
        expect(p1.items.map((n: { subject: string }) => n.subject)).toEqual(['Race']);
        const p2 = (await app.inject({ url: `/api/v1/notifications?limit=1&cursor=${p1.nextCursor as string}`, headers: { cookie } })).json();
        expect(p2).toMatchObject({ items: [{ subject: 'Annual disclosure reminder' }], nextCursor: null, unread: 2 });
        const badCursor = await app.inject({ url: '/api/v1/notifications?cursor=abc', headers: { cookie } });
        expect(badCursor.statusCode).toBe(400);
        expect(badCursor.json().field).toBe('cursor');
        const read = await app.inject({ method: 'POST', url: `/api/v1/notifications/${body.items[1]!.id}/read`, headers: { cookie, 'x-csrf-token': csrf } });
        expect(read.statusCode).toBe(200);
        expect(read.json().readAt).not.toBeNull();
        expect((await app.inject({ url: '/api/v1/notifications?unreadOnly=true', headers: { cookie } })).json().items).toHaveLength(1);
        // Read ones come after unread ones, also across pages.
        const r1 = (await app.inject({ url: '/api/v1/notifications?limit=1', headers: { cookie } })).json();
        expect(r1.items[0]).toMatchObject({ subject: 'Race', readAt: null });
        const r2 = (await app.inject({ url: `/api/v1/notifications?limit=1&cursor=${r1.nextCursor as string}`, headers: { cookie } })).json();
        expect(r2.items[0].subject).toBe('Annual disclosure reminder');
        expect(r2.items[0].readAt).not.toBeNull();
        const bad = await app.inject({ url: '/api/v1/notifications?limit=0', headers: { cookie } });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().field).toBe('limit');
        expect((await app.inject({ url: '/api/v1/notifications' })).statusCode).toBe(403);
        expect((await app.inject({ method: 'POST', url: '/api/v1/notifications/nope/read', headers: { cookie, 'x-csrf-token': csrf } })).statusCode).toBe(404);
      } finally {
        await app.close();
      }
    });
  });
}

describe('mail configuration', () => {
  const none = '/nonexistent.env';
  it('reads SMTP_URL into host, port, user and a password that serialising never shows', () => {
    const c = loadConfig({ SMTP_URL: 'smtps://mailer:p%40ss@smtp.example.org', SMTP_FROM: 'Clearpost <no-reply@example.org>' }, none);
    expect(c.mail).toMatchObject({ host: 'smtp.example.org', port: 465, secure: true, user: 'mailer', from: 'Clearpost <no-reply@example.org>' });
    expect(c.mail!.pass).toBe('p@ss');
    expect(JSON.stringify(c)).not.toContain('p@ss');
    expect(createSmtpMailer(c.mail!).description).toBe('smtps://mailer@smtp.example.org:465');
  });
  it('reads SMTP_HOST/PORT/USER/PASS and defaults to port 587 with STARTTLS', () => {
    const c = loadConfig({ SMTP_HOST: 'mail.example.org', SMTP_USER: 'u', SMTP_PASS: 'p', SMTP_FROM: 'a@example.org' }, none);
    expect(c.mail).toMatchObject({ host: 'mail.example.org', port: 587, secure: false, user: 'u' });
    expect(loadConfig({}, none).mail).toBeUndefined();
  });
  it('names the field that is wrong', () => {
    const bad = (env: Record<string, string>) => {
      try {
        loadConfig(env, none);
      } catch (e) {
        return (e as { field?: string }).field;
      }
      return 'no error';
    };
    expect(bad({ SMTP_URL: 'http://x', SMTP_FROM: 'a@b.c' })).toBe('SMTP_URL');
    expect(bad({ SMTP_HOST: 'h' })).toBe('SMTP_FROM');
    expect(bad({ SMTP_HOST: 'h', SMTP_FROM: 'nobody' })).toBe('SMTP_FROM');
    expect(bad({ SMTP_HOST: 'h', SMTP_FROM: 'a@b.c', SMTP_USER: 'u' })).toBe('SMTP_PASS');
    expect(bad({ SMTP_HOST: 'h', SMTP_FROM: 'a@b.c', SMTP_PORT: '70000' })).toBe('SMTP_PORT');
    expect(bad({ SMTP_PASS: 'p' })).toBe('SMTP_PASS');
    expect(bad({ PUBLIC_URL: 'ftp://x' })).toBe('PUBLIC_URL');
  });
});
