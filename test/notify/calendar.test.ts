// The policy's calendar on SQLite and PostgreSQL with a real SMTP server on loopback: each sweep at a fixed `now`
// sends the right notices once (in-app and e-mail), and a second run sends none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, linkGuardian } from '../../src/app/add-person.js';
import type { Actor } from '../../src/app/access.js';
import { runAuthorizationExpiry } from '../../src/app/calendar/authorization-expiry.js';
import { runConsentExpiry } from '../../src/app/calendar/consent-expiry.js';
import { campaignOn, disclosureCompletion, runDisclosureCampaign } from '../../src/app/calendar/disclosure-campaign.js';
import { runMandatedReportDeadlines } from '../../src/app/calendar/mandated-report-deadlines.js';
import { runCalendar } from '../../src/app/calendar/run-calendar.js';
import { decideAuthorization } from '../../src/app/decide-authorization.js';
import { viewEConsent } from '../../src/app/e-consent.js';
import { fileDisclosure } from '../../src/app/file-disclosure.js';
import { fileMandatedReport } from '../../src/app/file-mandated-report.js';
import type { NotifyDeps } from '../../src/app/notify.js';
import { recordConsent } from '../../src/app/record-consent.js';
import { requestAuthorization } from '../../src/app/request-authorization.js';
import { createUserAccount } from '../../src/app/sign-in.js';
import { loadConfig } from '../../src/config.js';
import { createSmtpMailer, type SmtpMailer } from '../../src/mail/smtp.js';
import type { Store } from '../../src/store/create-db.js';
import { verifyAuditLog } from '../../src/store/repos/audit-log.js';
import { listBuildings } from '../../src/store/repos/people.js';
import type { Person } from '../../src/store/schema.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from '../store/databases.js';
import { smallDistrict, type SmallDistrict } from '../store/fixtures.js';
import { startLocalSmtp, type LocalSmtp, type ReceivedMail } from '../support/smtp.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('campaignOn', () => {
  const cal = { schoolYearStart: '07-01', nonSchoolDays: new Set<string>() };
  it('opens on the first school day on or after the school year start and reaches each stage once', () => {
    expect(campaignOn('2026-06-30', cal)).toMatchObject({ schoolYear: '2025-2026', stage: undefined });
    expect(campaignOn('2026-07-01', cal)).toMatchObject({ schoolYear: '2026-2027', opensOn: '2026-07-01', stage: { id: 'open' } });
    expect(campaignOn('2026-07-14', cal).stage?.id).toBe('open');
    expect(campaignOn('2026-07-15', cal).stage?.id).toBe('reminder-14');
    expect(campaignOn('2026-07-31', cal).stage?.id).toBe('reminder-30');
    expect(campaignOn('2026-08-14', cal).stage?.id).toBe('reminder-30');
    expect(campaignOn('2026-08-15', cal).stage).toBeUndefined();
    // 2027-07-01 is a Thursday but a non-school day here; 07-02 is Friday.
    expect(campaignOn('2027-07-01', { schoolYearStart: '07-01', nonSchoolDays: new Set(['2027-07-01']) })).toMatchObject({ opensOn: '2027-07-02', stage: undefined });
    // 2028-07-01 is a Saturday: the campaign opens on Monday the 3rd.
    expect(campaignOn('2028-07-03', cal)).toMatchObject({ opensOn: '2028-07-03', stage: { id: 'open' } });
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`calendar on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let smtp: LocalSmtp;
    let mailer: SmtpMailer;
    let deps: NotifyDeps;
    let d: SmallDistrict;
    let now = new Date('2026-07-01T15:00:00Z');
    let jefferson: string;
    let pat: Person;
    let sam: Person;
    let ana: Person;
    let anaGuardian: Person;
    const users: Record<string, string> = {};

    const notices = (dedupKey: string) => store.db.selectFrom('notifications').select(['recipient', 'subject', 'body', 'link']).where('dedup_key', '=', dedupKey).orderBy('recipient').execute();
    async function mailsAfter(before: number, n: number): Promise<ReceivedMail[]> {
      const got = (await smtp.waitFor(before + n)).slice(before);
      await sleep(150);
      expect(smtp.received.length).toBe(before + n);
      return got;
    }

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      smtp = await startLocalSmtp({ user: 'cal', pass: 'calendar-pass' });
      const cfg = loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_USER: 'cal', SMTP_PASS: 'calendar-pass', SMTP_FROM: 'no-reply@alexandria.k12.mn.us', PUBLIC_URL: 'https://clearpost.example' }, '/nonexistent.env');
      mailer = createSmtpMailer(cfg.mail!);
      deps = { db: store.db, now: () => now, mailer, publicUrl: cfg.publicUrl };
      d = await smallDistrict(deps);
      jefferson = (await listBuildings(store.db, d.districtId))[0]!.id;
      pat = await addPerson(deps, d.admin, { kind: 'employee', name: 'Pat Kim', email: 'pkim@alexandria.k12.mn.us', title: 'Principal', buildingId: jefferson });
      sam = await addPerson(deps, d.admin, { kind: 'employee', name: 'Sam Rivera', email: 'srivera@alexandria.k12.mn.us', title: 'Teacher', buildingId: jefferson });
      ana = await addPerson(deps, d.admin, { kind: 'student', name: 'Ana Torres', studentNumber: '204600', grade: '9', buildingId: jefferson });
      anaGuardian = await addPerson(deps, d.admin, { kind: 'guardian', name: 'Luis Torres', email: 'luis@example.com' });
      await linkGuardian(deps, d.admin, { guardianId: anaGuardian.id, studentId: ana.id, relationship: 'father' });
      const noEmail = await addPerson(deps, d.admin, { kind: 'guardian', name: 'Marta Torres' });
      await linkGuardian(deps, d.admin, { guardianId: noEmail.id, studentId: ana.id, relationship: 'mother' });
      users.super = await createUserAccount(deps, d.admin, { email: 'super@alexandria.k12.mn.us', name: 'Superintendent', roles: ['superintendent'] });
      users.hr = await createUserAccount(deps, d.admin, { email: 'hr@alexandria.k12.mn.us', name: 'HR', roles: ['hr'] });
      users.comms = await createUserAccount(deps, d.admin, { email: 'comms@alexandria.k12.mn.us', name: 'Communications', roles: ['communications'] });
      users.pat = await createUserAccount(deps, d.admin, { email: 'pat.login@alexandria.k12.mn.us', name: 'Pat Kim', personId: pat.id, roles: ['employee', 'building-supervisor'] });
    });
    afterAll(async () => {
      mailer?.close();
      await smtp?.close();
      await store?.close();
      await tdb?.drop();
    });

    it('disclosure campaign: opening notice to employees who have not filed, once', async () => {
      await fileDisclosure(deps, d.as('employee', d.dana), { schoolYear: '2026-2027', groups: [] });
      const before = smtp.received.length;
      const r = await runDisclosureCampaign(deps, { districtId: d.districtId, now });
      expect(r).toMatchObject({ notices: 3, emails: 3, details: { schoolYear: '2026-2027', opensOn: '2026-07-01', stage: 'open', missing: 3 } });
      const rows = await notices('disclosure:2026-2027:open');
      expect(rows.map((n) => n.recipient).sort()).toEqual([d.lee.id, pat.id, sam.id].sort());
      expect(rows[0]).toMatchObject({ subject: 'Annual disclosure for 2026-2027 is open', link: '/records' });
      const mails = await mailsAfter(before, 3);
      expect(mails.map((m) => m.to[0]).sort()).toEqual(['lpark@alexandria.k12.mn.us', 'pkim@alexandria.k12.mn.us', 'srivera@alexandria.k12.mn.us']);
      expect(mails[0]!.subject).toBe('Annual disclosure for 2026-2027 is open');
      expect(mails[0]!.text).toContain('opened on July 1, 2026');
      expect(mails[0]!.text).toContain('https://clearpost.example/records');

      const again = await runDisclosureCampaign(deps, { districtId: d.districtId, now: new Date('2026-07-02T15:00:00Z') });
      expect(again.notices).toBe(0);
      await sleep(200);
      expect(smtp.received.length).toBe(before + 3);
    });

    it('disclosure campaign: the 14-day reminder goes to those still missing, and supervisors get their building’s completion', async () => {
      await fileDisclosure(deps, d.as('employee', sam), { schoolYear: '2026-2027', groups: [{ name: 'JHS Robotics', network: 'facebook' }] });
      now = new Date('2026-07-15T15:00:00Z');
      const before = smtp.received.length;
      const r = await runDisclosureCampaign(deps, { districtId: d.districtId, now });
      expect(r).toMatchObject({ notices: 3, details: { stage: 'reminder-14', missing: 2 } });
      expect((await notices('disclosure:2026-2027:reminder-14')).map((n) => n.recipient).sort()).toEqual([d.lee.id, pat.id].sort());
      const summary = await notices('disclosure-summary:2026-2027:reminder-14');
      expect(summary).toEqual([expect.objectContaining({ recipient: pat.id, subject: 'Jefferson High School: 1 of 2 employees have filed the 2026-2027 disclosure' })]);
      expect(summary[0]!.body).toContain('1 of 2 employees have filed (50%); 1 have not');
      const mails = await mailsAfter(before, 3);
      expect(mails.filter((m) => m.to[0] === 'pkim@alexandria.k12.mn.us').map((m) => m.subject).sort()).toEqual([
        'Jefferson High School: 1 of 2 employees have filed the 2026-2027 disclosure',
        'Reminder: file your 2026-2027 annual disclosure',
      ]);
      expect((await runDisclosureCampaign(deps, { districtId: d.districtId, now })).notices).toBe(0);
    });

    it('completion by building: HR sees all buildings, a building supervisor their own', async () => {
      const hr: Actor = { districtId: d.districtId, id: users.hr!, roles: ['hr'] };
      const all = await disclosureCompletion(deps, hr);
      expect(all.schoolYear).toBe('2026-2027');
      expect(all.buildings).toEqual([
        { buildingId: jefferson, building: 'Jefferson High School', employees: 2, filed: 1, missing: 1 },
        { buildingId: null, building: 'No building on file', employees: 2, filed: 1, missing: 1 },
      ]);
      expect(all.total).toEqual({ employees: 4, filed: 2, missing: 2 });
      const own = await disclosureCompletion(deps, { districtId: d.districtId, id: users.pat!, personId: pat.id, roles: ['employee', 'building-supervisor'] });
      expect(own.buildings.map((b) => b.building)).toEqual(['Jefferson High School']);
      await expect(disclosureCompletion(deps, d.as('employee', d.lee))).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('consents about to end: staff are told, guardians get a working renewal link by e-mail only, once', async () => {
      now = new Date('2026-10-05T15:00:00Z');
      const ending = await recordConsent(deps, d.admin, { type: 'student-image', subjectId: ana.id, written: true, scope: ['district-accounts'], validFrom: '2025-10-21', validUntil: '2026-10-20' });
      // Not about to end: no end date, or already renewed by a later consent.
      await recordConsent(deps, d.admin, { type: 'student-image', subjectId: d.maya.id, written: true, validFrom: '2025-09-01' });
      await recordConsent(deps, d.admin, { type: 'social-network-participation', subjectId: d.maya.id, network: 'seesaw', written: true, validFrom: '2025-09-01', validUntil: '2026-10-10' });
      await recordConsent(deps, d.admin, { type: 'social-network-participation', subjectId: d.maya.id, network: 'seesaw', written: true, validFrom: '2026-10-11', validUntil: '2027-10-10' });
      const before = smtp.received.length;
      const r = await runConsentExpiry(deps, { districtId: d.districtId, now });
      expect(r).toMatchObject({ notices: 3, emails: 3, details: { consents: 1, renewalLinks: 1 } });
      const staff = await notices(`consent-expiring:${ending.id}`);
      expect(staff.map((n) => n.recipient).sort()).toEqual([users.comms!, pat.id].sort());
      expect(staff[0]!.subject).toBe("Ana Torres's photo and video consent ends October 20, 2026");
      expect(staff[0]!.body).toBe(
        "Ana Torres's photo and video consent ends on October 20, 2026 (in 15 days). After that day, posts that show or name Ana Torres need a renewed consent. A renewal form was e-mailed to Luis Torres. No e-mail is on file for Marta Torres: send that guardian the renewal on paper.",
      );
      const guardian = await notices(`consent-renewal:${ending.id}`);
      expect(guardian).toHaveLength(1);
      expect(guardian[0]!.recipient).toBe(anaGuardian.id);
      expect(guardian[0]!.body).not.toMatch(/\/consent\//);

      const mails = await mailsAfter(before, 3);
      const toGuardian = mails.find((m) => m.to[0] === 'luis@example.com')!;
      expect(toGuardian.subject).toBe("Please renew Ana Torres's photo and video consent");
      const token = /https:\/\/clearpost\.example\/consent\/([A-Za-z0-9_-]+)/.exec(toGuardian.text)?.[1];
      expect(token).toBeDefined();
      const view = await viewEConsent(deps, token!);
      expect(view).toMatchObject({ status: 'pending', type: 'student-image', validFrom: '2026-10-21', validUntil: '2027-10-20', scope: ['district-accounts'] });
      // The outbox keeps no signing link once the e-mail is sent.
      const kept = await store.db.selectFrom('mail_outbox').select(['body', 'status']).where('to_address', '=', 'luis@example.com').execute();
      expect(kept).toEqual([{ body: '(not kept after sending)', status: 'sent' }]);

      const requests = await store.db.selectFrom('consent_requests').select('id').where('student_id', '=', ana.id).execute();
      const again = await runConsentExpiry(deps, { districtId: d.districtId, now: new Date('2026-10-06T15:00:00Z') });
      expect(again.notices).toBe(0);
      expect(await store.db.selectFrom('consent_requests').select('id').where('student_id', '=', ana.id).execute()).toHaveLength(requests.length);
      await sleep(200);
      expect(smtp.received.length).toBe(before + 3);
    });

    it('authorizations about to end: the employee and the Superintendent are told once', async () => {
      const req = await requestAuthorization(deps, d.as('employee', d.lee), { type: 'spokesperson', network: 'facebook', activity: 'Athletics page' });
      const superA: Actor = { districtId: d.districtId, id: users.super!, roles: ['superintendent'] };
      await decideAuthorization(deps, superA, { id: req.id, decision: 'approved', validFrom: '2025-10-15', validUntil: '2026-10-15' });
      const far = await requestAuthorization(deps, d.as('employee', d.dana), { type: 'instructional-use', network: 'seesaw', activity: 'Grade 4 reading journals' });
      await decideAuthorization(deps, superA, { id: far.id, decision: 'approved', validFrom: '2026-09-01', validUntil: '2027-06-30' });
      const before = smtp.received.length;
      const r = await runAuthorizationExpiry(deps, { districtId: d.districtId, now });
      expect(r).toMatchObject({ notices: 2, emails: 2, details: { authorizations: 1 } });
      const rows = await notices(`authorization-expiring:${req.id}`);
      expect(rows.map((n) => n.recipient).sort()).toEqual([d.lee.id, users.super!].sort());
      const mails = await mailsAfter(before, 2);
      expect(mails.find((m) => m.to[0] === 'lpark@alexandria.k12.mn.us')!.subject).toBe('Your spokesperson authorization ends October 15, 2026');
      expect(mails.find((m) => m.to[0] === 'super@alexandria.k12.mn.us')!.text).toContain('The spokesperson authorization of Lee Park (facebook, Athletics page) ends on October 15, 2026 (in 10 days)');
      expect((await runAuthorizationExpiry(deps, { districtId: d.districtId, now })).notices).toBe(0);
    });

    it('mandated reports: due soon, then overdue, each escalated once to the reporter, HR and the Superintendent', async () => {
      now = new Date('2026-10-05T15:00:00Z');
      const report = await fileMandatedReport(deps, d.as('employee', d.lee), { what: 'A student described abuse in a comment', whereSeen: 'Facebook comment', awareAt: '2026-10-04T17:30:00Z' });
      await fileMandatedReport(deps, d.as('employee', d.dana), { what: 'Later concern', whereSeen: 'Instagram', awareAt: '2026-10-05T09:00:00Z' });
      const before = smtp.received.length;
      const soon = await runMandatedReportDeadlines(deps, { districtId: d.districtId, now });
      expect(soon).toMatchObject({ notices: 3, emails: 3, details: { dueSoon: 1, overdue: 0 } });
      const rows = await notices(`mandated-report:${report.id}:due-soon`);
      expect(rows.map((n) => n.recipient).sort()).toEqual([d.lee.id, users.hr!, users.super!].sort());
      const mails = await mailsAfter(before, 3);
      expect(mails.find((m) => m.to[0] === 'lpark@alexandria.k12.mn.us')!.subject).toBe('Your mandated report is due in 2.5 h');
      expect(mails.find((m) => m.to[0] === 'hr@alexandria.k12.mn.us')!.subject).toBe('Mandated report by Lee Park due in 2.5 h');
      // What was seen never goes into a notice or an e-mail.
      for (const m of mails) expect(m.text).not.toContain('abuse');
      expect((await runMandatedReportDeadlines(deps, { districtId: d.districtId, now: new Date('2026-10-05T16:00:00Z') })).notices).toBe(0);

      now = new Date('2026-10-05T18:00:00Z');
      const late = await runMandatedReportDeadlines(deps, { districtId: d.districtId, now });
      expect(late).toMatchObject({ notices: 3, details: { overdue: 1 } });
      const lateMails = await mailsAfter(before + 3, 3);
      expect(lateMails.find((m) => m.to[0] === 'super@alexandria.k12.mn.us')!.subject).toBe('Overdue mandated report by Lee Park');
      expect(lateMails.find((m) => m.to[0] === 'super@alexandria.k12.mn.us')!.text).toContain('was due Mon, Oct 5, 2026, 12:30 PM CDT (30 min ago)');
      expect((await runMandatedReportDeadlines(deps, { districtId: d.districtId, now })).notices).toBe(0);
    });

    it('runCalendar runs every sweep for every district; a second run creates nothing and the audit chain holds', async () => {
      const first = await runCalendar(deps, { now });
      expect(first.errors).toEqual([]);
      expect(first.results.map((r) => r.sweep)).toEqual(['disclosure-campaign', 'consent-expiry', 'authorization-expiry', 'mandated-report-deadlines']);
      const second = await runCalendar(deps, { now });
      expect(second.results.reduce((n, r) => n + r.notices, 0)).toBe(0);
      const audit = await store.db.selectFrom('audit_log').select(['actor']).where('district_id', '=', d.districtId).where('action', '=', 'notification.create').execute();
      expect(audit.length).toBeGreaterThan(0);
      expect(new Set(audit.map((a) => a.actor))).toEqual(new Set(['system:calendar']));
      expect(await verifyAuditLog(store.db, { districtId: d.districtId })).toMatchObject({ ok: true });
    });
  });
}
