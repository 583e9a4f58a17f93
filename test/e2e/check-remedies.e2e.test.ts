/// <reference lib="dom" />
// The check page's consent remedies in Debian's Chromium against a real server and database: a teacher's photo shows a
// student without consent → one click e-mails the guardians a signing link (the e-mail in the outbox is the only place
// the link exists) → the guardian opens it on a 320 px phone, switches the language, signs → "Check again" allows.
// The same for a co-worker: one click sends a notice → the co-worker opens it, the form is filled in with the asker →
// consent given → the teacher's check allows. The clause of a finding is quoted on demand. axe on every page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestEConsent } from '../../src/app/e-consent.js';
import { listGuardianLinks } from '../../src/store/repos/people.js';
import { browserAvailable } from '../support/chromium.js';
import { axe, screenshot, signIn, startE2e, offDutyClock, type E2e } from './support.js';

const USERS = [
  { email: 'teacher@example.test', name: 'Dana Teacher', roles: ['employee' as const], personId: (d: E2e['demo']) => d.personas.teacher },
  { email: 'colleague@example.test', name: 'Cole League', roles: ['employee' as const], personId: (d: E2e['demo']) => d.personas.communications },
];

/** Upload a photo with no face in it (a plain picture) and tag `name` as who is in it, on the check page. */
async function photoOf(page: Page, file: string, name: string): Promise<void> {
  await page.getByTestId('photo-input').setInputFiles(file);
  await page.getByLabel('Photo 1: what it shows').fill('art room');
  const who = page.locator('input').and(page.getByLabel(/^Who is in it/));
  await who.click();
  await who.fill(name.split(' ')[0]!);
  await page.getByRole('option', { name: new RegExp(`^${name} \\(`) }).click();
  await page.keyboard.press('Escape');
}

describe.skipIf(!browserAvailable())('check page consent remedies in Chromium', () => {
  let e: E2e;
  let photo: string;
  let student: { id: string; name: string };
  let guardian: { id: string; name: string; email: string };
  let teacherName: string;
  let colleagueName: string;

  beforeAll(async () => {
    e = await startE2e(USERS);
    offDutyClock(e.browser);
    photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-remedy-')), 'art-room.png');
    // A plain picture (no face for the detector): who is in it comes from the tag alone.
    await sharp({ create: { width: 480, height: 320, channels: 3, background: { r: 70, g: 130, b: 180 } } }).png().toFile(photo);
    const link = (await listGuardianLinks(e.store.db, e.demo.districtId, { guardianId: e.demo.personas.guardian }))[0]!;
    const person = (id: string) => e.store.db.selectFrom('people').select(['id', 'name', 'email']).where('id', '=', id).executeTakeFirstOrThrow();
    const s = await person(link.student_id);
    student = { id: s.id, name: s.name };
    const g = await person(e.demo.personas.guardian);
    guardian = { id: g.id, name: g.name, email: g.email ?? '' };
    teacherName = (await person(e.demo.personas.teacher)).name;
    colleagueName = (await person(e.demo.personas.communications)).name;
  }, 180_000);

  afterAll(async () => {
    await e?.close();
    if (photo) fs.rmSync(path.dirname(photo), { recursive: true, force: true });
  }, 120_000);

  it("a student without consent: the clause is quoted, one click e-mails the guardian a signing link, the guardian signs on a phone (EN/ES picker), Check again allows; the guardian revokes later and it blocks again", async () => {
    expect(guardian.email, 'the demo guardian has an e-mail address').toMatch(/@/);
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'teacher@example.test');
    await page.getByTestId('post-text').fill('Watercolor week in the art room');
    await photoOf(page, photo, student.name);
    const verdict = page.getByTestId('verdict');
    await expect.poll(async () => verdict.getAttribute('data-verdict'), { timeout: 90_000 }).toBe('block');
    const finding = page.locator('[data-rule="student-image-without-consent"]');
    await finding.waitFor();

    // The clause, quoted on demand from the policy text.
    await finding.getByRole('button', { name: /^Show policy IV\.A/ }).click();
    expect(await finding.getByRole('button', { name: /^Hide policy IV\.A/ }).getAttribute('aria-expanded')).toBe('true');
    await expect.poll(async () => finding.locator('blockquote').textContent(), { timeout: 10_000 }).toMatch(/^IV\.A\S* .*consent/i);

    // One click: the guardians are asked.
    await finding.getByRole('button', { name: `Ask ${student.name}'s guardians for consent` }).click();
    const result = finding.getByTestId('consent-ask-result');
    await expect.poll(async () => result.textContent(), { timeout: 10_000 }).toContain(`A consent form to sign online was e-mailed to ${guardian.name}, ${student.name}'s guardian.`);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'check-consent-asked');

    // The signing link travels only in the guardian's e-mail (outbox); the notice in the app does not carry it.
    const mails = await e.store.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'body']).where('to_address', '=', guardian.email).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`${teacherName} asks for your permission to post photos of ${student.name}`);
    const url = /\/consent\/[A-Za-z0-9_-]{20,}/.exec(mails[0]!.body)?.[0];
    expect(url).toBeDefined();
    const notices = await e.store.db.selectFrom('notifications').select(['recipient', 'body', 'created_by']).where('event', '=', 'consent.ask').execute();
    expect(notices.map((n) => n.recipient)).toEqual([guardian.id]);
    expect(notices[0]!.body).not.toContain('/consent/');

    // Asking again the same day sends nothing new.
    const again = await page.evaluate(async (subjectId) => {
      const csrf = decodeURIComponent(/clearpost_csrf=([^;]+)/.exec(document.cookie)![1]!);
      const r = await fetch('/api/v1/consent-asks', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ subjectId }) });
      return (await r.json()) as { asked: string[]; alreadyAsked: string[] };
    }, student.id);
    expect(again).toMatchObject({ asked: [], alreadyAsked: [guardian.name] });
    expect(await e.store.db.selectFrom('mail_outbox').select('id').where('to_address', '=', guardian.email).execute()).toHaveLength(1);

    // The guardian, on a 320 px phone: English by default, Spanish from the picker, back to English, signs.
    const phone = await e.browser.newContext({ viewport: { width: 320, height: 720 }, locale: 'en-US' });
    const g = await phone.newPage();
    await g.goto(e.base + url!);
    await g.getByRole('heading', { name: `Permission for ${student.name}` }).waitFor();
    const overflow = () => g.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await axe(g)).toEqual([]);
    await g.locator('input').and(g.getByLabel('Language')).click();
    await g.getByRole('option', { name: 'Español' }).click();
    await g.getByRole('heading', { name: `Permiso para ${student.name}` }).waitFor();
    expect(await g.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await axe(g)).toEqual([]);
    await screenshot(g, 'guardian-consent-320-es');
    await g.locator('input').and(g.getByLabel('Idioma')).click();
    await g.getByRole('option', { name: 'English' }).click();
    await g.getByRole('heading', { name: `Permission for ${student.name}` }).waitFor();
    await g.getByLabel('Your full name').fill(guardian.name);
    await g.getByRole('checkbox').check();
    await g.getByRole('button', { name: 'Sign' }).click();
    await g.getByText(/Thank you\. Your consent was signed/).waitFor();
    expect(await axe(g)).toEqual([]);
    await phone.close();

    // Back on the teacher's page: Check again, and the photo may be posted. On a loaded machine the page may have
    // checked again by itself meanwhile (a late answer re-checks the draft), and then the finding and its button are
    // gone already: only that case excuses a missing button.
    await result
      .getByRole('button', { name: 'Check again' })
      .click({ timeout: 20_000 })
      .catch(async (err: unknown) => {
        if ((await verdict.getAttribute('data-verdict')) !== 'allow') throw err;
      });
    await expect.poll(async () => verdict.getAttribute('data-verdict'), { timeout: 20_000 }).toBe('allow');
    expect(await page.locator('[data-rule="student-image-without-consent"]').count()).toBe(0);

    // Later, the guardian revokes from the same link; the teacher's next check blocks again.
    const later = await e.browser.newContext({ viewport: { width: 320, height: 720 }, locale: 'en-US' });
    const g2 = await later.newPage();
    await g2.goto(e.base + url!);
    await g2.getByRole('button', { name: 'Revoke my consent' }).click();
    await g2.getByText('Your consent is revoked. Staff can no longer post under it.').waitFor();
    expect(await axe(g2)).toEqual([]);
    await later.close();
    await page.getByTestId('post-text').pressSequentially('!', { delay: 5 });
    await expect.poll(async () => verdict.getAttribute('data-verdict'), { timeout: 20_000 }).toBe('block');
    await page.locator('[data-rule="student-image-without-consent"]').waitFor();
    await context.close();
  }, 240_000);

  it('a co-worker in the photo: one click sends them a notice; they open it, the form names the teacher, they consent; Check again allows', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'teacher@example.test');
    await page.getByTestId('post-text').fill('Planning the art show with my colleague');
    await photoOf(page, photo, colleagueName);
    const verdict = page.getByTestId('verdict');
    const finding = page.locator('[data-rule="coworker-image-without-consent"]');
    await finding.waitFor({ timeout: 90_000 });
    await finding.getByRole('button', { name: `Ask ${colleagueName} for consent` }).click();
    const result = finding.getByTestId('consent-ask-result');
    await expect.poll(async () => result.textContent(), { timeout: 10_000 }).toContain(`${colleagueName} got a notice asking for consent to you.`);
    expect(await axe(page)).toEqual([]);

    // The browser is in UTC; the form's "Valid from" is the district's today (America/Chicago), as the server dates posts.
    const other = await e.browser.newContext({ timezoneId: 'UTC' });
    const c = await other.newPage();
    await signIn(c, e.base, 'colleague@example.test');
    await c.getByRole('link', { name: /^Notices/ }).click();
    await c.getByTestId('notice').first().waitFor();
    const subject = `${teacherName} asks for your consent to post a photo of you`;
    await c.getByRole('link', { name: `Open: ${subject}` }).click();
    await c.getByRole('heading', { name: 'Co-worker consents', level: 1 }).waitFor();
    // The form is filled in with the teacher who asked.
    await expect.poll(async () => c.locator('input').and(c.getByLabel(/^Co-worker who may post images of me/)).inputValue(), { timeout: 10_000 }).toBe(teacherName);
    expect(await axe(c)).toEqual([]);
    await c.getByRole('button', { name: 'Give my consent' }).click();
    await c.getByText(`Consent given: ${teacherName} may post images of you.`).waitFor();
    await other.close();

    await result.getByRole('button', { name: 'Check again' }).click();
    await expect.poll(async () => page.locator('[data-rule="coworker-image-without-consent"]').count(), { timeout: 20_000 }).toBe(0);
    expect(await verdict.getAttribute('data-verdict')).toBe('allow');
    await context.close();
  }, 240_000);

  it('text remedies by keyboard alone: insert a disclaimer, remove the district e-mail (each button reached by Tab with a visible focus ring); the account selector changes the verdict; My records lists the checks with drafts folded', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'teacher@example.test');
    const box = page.getByTestId('post-text');
    const verdict = page.getByTestId('verdict');
    const email = 'coach.smith@alexandria.k12.mn.us';
    await box.fill(`The board's new later start schedule makes zero sense. Questions? Email me at ${email}`);
    await expect.poll(async () => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('revise');
    const rules = async () => page.locator('[data-rule]').evaluateAll((els) => els.map((el) => el.getAttribute('data-rule')));
    await expect.poll(rules, { timeout: 10_000 }).toEqual(expect.arrayContaining(['missing-disclaimer', 'district-email-on-public-network']));
    expect(await axe(page)).toEqual([]);

    /** Tab from the text box until the button with this name has focus; its focus ring must be visible. Then Enter. */
    const tabTo = async (name: string) => {
      await box.focus();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const [label, outline] = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return [el?.textContent ?? '', el ? getComputedStyle(el).outlineStyle : 'none'];
        });
        if (label === name) {
          expect(outline, `focus ring on "${name}"`).not.toBe('none');
          await page.keyboard.press('Enter');
          return;
        }
      }
      throw new Error(`Tab never reached "${name}"`);
    };
    await tabTo('Remove the district e-mail');
    await expect.poll(async () => box.inputValue(), { timeout: 10_000 }).toBe("The board's new later start schedule makes zero sense. Questions? Email me at ");
    await expect.poll(rules, { timeout: 10_000 }).not.toContain('district-email-on-public-network');
    await tabTo('Insert a disclaimer');
    await expect.poll(async () => box.inputValue(), { timeout: 10_000 }).toMatch(/\n\nViews are my own and do not necessarily reflect those of the district\.$/);
    await expect.poll(async () => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('allow');

    // The account selector: without the disclaimer, a district account's post needs none (the view is the district's).
    await box.fill("The board's new later start schedule makes zero sense.");
    await expect.poll(async () => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('revise');
    await page.locator('input').and(page.getByLabel('Account', { exact: true })).click();
    await page.getByRole('option', { name: 'A district account' }).click();
    await expect.poll(async () => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('allow');
    expect(await axe(page)).toEqual([]);

    // My records lists these checks, newest first; a text the next one continues (a draft of it) is folded in.
    await page.getByRole('link', { name: 'My records' }).click();
    const mine = page.getByTestId('my-check');
    await mine.first().waitFor();
    const top = await mine.evaluateAll((els) => els.slice(0, 3).map((el) => [el.getAttribute('data-verdict'), (el.querySelector('p')?.textContent ?? '').slice(0, 40)]));
    expect(top).toEqual([
      ['allow', "The board's new later start schedule mak"],
      ['allow', "The board's new later start schedule mak"],
      ['revise', "The board's new later start schedule mak"],
    ]);
    const texts = await mine.evaluateAll((els) => els.slice(0, 3).map((el) => el.querySelector('p')?.textContent ?? ''));
    expect(texts[0]).toBe("The board's new later start schedule makes zero sense.");
    expect(texts[1]).toMatch(/Email me at\s+Views are my own/);
    expect(texts[2]).toContain(email);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'my-records-checks');
    await context.close();
  }, 120_000);

  it('a photo dropped on the page (drag and drop) is uploaded and read like a chosen one; the picker offers the camera on a phone', async () => {
    const context = await e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e.base, 'teacher@example.test');
    await page.getByTestId('post-text').fill('Our reading corner');
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/checks')) uploads.push(r.headers()['content-type']?.split(';')[0] ?? '');
    });
    // A real drop event: a DataTransfer holding the file, dispatched on the drop zone as the browser does.
    const bytes = fs.readFileSync(photo).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bin], 'reading-corner.png', { type: 'image/png' }));
      return dt;
    }, bytes);
    const zone = page.locator('.cp-drop');
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await expect.poll(async () => page.getByTestId('photo').count(), { timeout: 10_000 }).toBe(1);
    // The server read it (a plain picture: no face), and the upload was multipart.
    await expect.poll(async () => page.getByTestId('photo-view').textContent(), { timeout: 90_000 }).toContain('No faces found');
    expect(uploads).toContain('multipart/form-data');
    // On a phone the same input opens the camera (capture=environment) and accepts only images.
    const input = page.getByTestId('photo-input');
    expect(await input.getAttribute('capture')).toBe('environment');
    expect(await input.getAttribute('accept')).toBe('image/*');
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it('a guardian declines on a 320 px phone in Spanish (picked from navigator languages), and the declined link cannot be signed', async () => {
    const link = await requestEConsent({ db: e.store.db }, { districtId: e.demo.districtId, id: 'e2e:communications', roles: ['communications'] }, { studentId: student.id, type: 'social-network-participation', network: 'seesaw', validFrom: '2026-09-01', validUntil: '2027-06-30' });
    const phone = await e.browser.newContext({ viewport: { width: 320, height: 720 }, locale: 'es-MX' });
    const g = await phone.newPage();
    await g.goto(`${e.base}/consent/${link.token}`);
    await g.getByRole('heading', { name: `Permiso para ${student.name}` }).waitFor();
    expect(await g.getByText(`${student.name} puede participar`, { exact: false }).count()).toBeGreaterThan(0);
    await g.getByRole('button', { name: 'Rechazar' }).click();
    await g.getByText('Usted lo rechazó. No se publicará nada con este consentimiento.').waitFor();
    expect(await g.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await axe(g)).toEqual([]);
    expect(await g.getByRole('button', { name: 'Firmar' }).count()).toBe(0);
    const r = await fetch(`${e.base}/api/v1/e-consent/${link.token}/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signerName: guardian.name, agree: true }) });
    expect(r.status).toBe(409);
    const row = await e.store.db.selectFrom('consent_requests').select('status').where('student_id', '=', student.id).where('type', '=', 'social-network-participation').executeTakeFirstOrThrow();
    expect(row.status).toBe('declined');
    await phone.close();
  }, 120_000);
});
