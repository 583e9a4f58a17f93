/// <reference lib="dom" />
// The web app in Debian's Chromium against a real server and database: sign in, check a post as you type, axe on every page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/app/access.js';
import { loadDemoDistrict } from '../../src/app/load-demo-district.js';
import { loadPolicyPack } from '../../src/app/load-policy-pack.js';
import { createApiToken, createUserAccount } from '../../src/app/sign-in.js';
import { warmUpDistricts, warmUpEngine } from '../../src/app/warm-up-engine.js';
import { listGuardianLinks } from '../../src/store/repos/people.js';
import { createImageAnalyzer, type ImageAnalyzer } from '../../src/images/image-pool.js';
import { buildServer } from '../../src/server/app.js';
import { createDb, type Store } from '../../src/store/create-db.js';
import { browserAvailable, launchChromium } from '../support/chromium.js';
import { ensureWebBuild, offDutyClock } from './support.js';
import { demoPhoto } from '../support/images.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB = path.join(ROOT, 'web/dist');
const PW = 'correct horse battery staple';

async function axe(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!browserAvailable())('web app in Chromium', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let images: ImageAnalyzer | undefined;
  let browser: Browser;
  let base: string;
  let apiToken: string;
  let studentId: string;

  beforeAll(async () => {
    ensureWebBuild();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-e2e-'));
    store = await createDb({ sqliteFile: path.join(dir, 'e2e.db') });
    const deps = { db: store.db };
    const demo = await loadDemoDistrict(deps, { students: 60, employees: 12 });
    await createUserAccount(deps, systemActor(demo.districtId, 'e2e'), { email: 'teacher@example.test', name: 'Dana Teacher', password: PW, personId: demo.personas.teacher, roles: ['employee'] });
    await createUserAccount(deps, systemActor(demo.districtId, 'e2e'), { email: 'super@example.test', name: 'Sam Superintendent', password: PW, personId: demo.personas.superintendent, roles: ['superintendent'] });
    apiToken = await createApiToken(deps, systemActor(demo.districtId, 'e2e'), 'e2e office', ['communications']);
    studentId = (await listGuardianLinks(store.db, demo.districtId, { guardianId: demo.personas.guardian }))[0]!.student_id;
    const pack = loadPolicyPack();
    // The photo pool at the caller's priority (see support.ts).
    images = createImageAnalyzer(1, { nice: false });
    app = await buildServer({ deps, pack, webDir: WEB, images });
    warmUpEngine(pack); // as `clearpost serve` does before it listens
    await warmUpDistricts(store.db, pack);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}`;
    browser = offDutyClock(await launchChromium());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await images?.close();
    await store?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('signs in, checks a post as it is typed, shows the verdict with the words marked, and keeps the draft', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByLabel('E-mail').fill('teacher@example.test');
    expect(await axe(page)).toEqual([]);
    await page.locator('input[type="password"]').fill(PW);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Check a post' }).waitFor();
    expect(await axe(page)).toEqual([]);

    // The verdict's latency: from the last keystroke's input event to the first frame painted with the answer to that
    // text (measured in the page, data-elapsed-ms), over five posts typed at 5 ms a key; the first is the test's post.
    // Event Timing gives each keystroke's own time to its next paint (typing stays responsive while checks run).
    await page.evaluate(() => {
      const w = window as unknown as { keyMs: number[] };
      w.keyMs = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) if (e.name === 'keydown') w.keyMs.push(e.duration);
      }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
    });
    const box = page.getByTestId('post-text');
    const verdict = page.getByTestId('verdict');
    const posts = ['What a sh*tty way to start a Tuesday', 'Proud of our robotics team at the regional tournament today', 'Great concert tonight, the band sounded amazing', 'Reminder: picture day is Friday for all grades', 'What a sh*tty bus ride to the away game'];
    const samples: number[] = [];
    for (const text of posts.slice(1).concat(posts[0]!)) {
      await box.fill('');
      await page.getByText('Type a post to check it against Policy 471.').waitFor();
      await box.click();
      await box.pressSequentially(text, { delay: 5 });
      await expect.poll(async () => page.getByTestId('highlighted').textContent(), { timeout: 10_000 }).toBe(text);
      await expect.poll(async () => verdict.getAttribute('data-elapsed-ms'), { timeout: 10_000 }).not.toBeNull();
      samples.push(Number(await verdict.getAttribute('data-elapsed-ms')));
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)]!;
    const keyMs = await page.evaluate(() => (window as unknown as { keyMs: number[] }).keyMs);
    process.stdout.write(`verdict after the last keystroke (ms, input event to painted frame): ${samples.join(', ')}; p50 ${p50}, max ${sorted.at(-1)}; slowest keystroke to its next paint ${keyMs.length ? Math.max(...keyMs) : '< 16'} ms (${keyMs.length} of ${posts.join('').length} keys over 16 ms)\n`);
    expect(p50).toBeLessThanOrEqual(150);
    expect(sorted.at(-1)).toBeLessThan(1000);
    expect(await verdict.getAttribute('data-verdict')).toBe('block');
    await expect.poll(async () => page.locator('mark.cp-mark').first().textContent()).toBe('sh*tty');
    expect(await page.getByText('Do not post').isVisible()).toBe(true);
    expect(await axe(page)).toEqual([]);

    // One-click remedy: remove the words; the verdict turns to allow.
    await page.getByRole('button', { name: 'Remove these words' }).click();
    await expect.poll(async () => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('allow');

    // The draft survives a reload.
    await box.fill('Draft about the robotics regional');
    await page.reload();
    await expect.poll(async () => page.getByTestId('post-text').inputValue()).toBe('Draft about the robotics regional');
    await context.close();
  }, 120_000);

  it('checks a post with a photo: uploaded once and read by the server, the student tagged from the roster, faces and findings drawn on the photo', async () => {
    // A student with no image consent on file (the demo district has consents for some).
    const other = await store.db
      .selectFrom('people')
      .select(['id', 'name'])
      .where('kind', '=', 'student')
      .where('id', '!=', studentId)
      .where('id', 'not in', store.db.selectFrom('consents').select('subject_id').where('type', '=', 'student-image'))
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByLabel('E-mail').fill('teacher@example.test');
    await page.locator('input[type="password"]').fill(PW);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Check a post' }).waitFor();
    await page.getByTestId('post-text').fill('Watercolor week in the art room');
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/checks')) uploads.push(r.headers()['content-type']?.split(';')[0] ?? '');
    });
    // A real group photo (3 adults; face-api's demo picture), read by the server's image pool.
    await page.getByTestId('photo-input').setInputFiles(demoPhoto(1));
    await page.getByLabel('Photo 1: what it shows').fill('students painting');
    const who = page.locator('input').and(page.getByLabel(/^Who is in it/));
    await who.click();
    await who.fill(other.name.split(' ')[0]!);
    await page.getByRole('option', { name: `${other.name} (student)` }).click();
    await page.keyboard.press('Escape');
    // The faces the server found are drawn: the two nobody is tagged for in red (findings), with the student without consent: block.
    await expect.poll(async () => page.getByTestId('finding-box').count(), { timeout: 90_000 }).toBe(2);
    await expect.poll(async () => (await page.getByTestId('face-box').count()) + (await page.getByTestId('finding-box').count())).toBe(3);
    const verdict = page.getByTestId('verdict');
    await expect.poll(async () => verdict.getAttribute('data-verdict')).toBe('block');
    const rules = await page.locator('#finding-0, [id^="finding-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-rule')));
    expect(rules).toEqual(expect.arrayContaining(['student-image-without-consent', 'unidentified-person-in-image']));
    await expect.poll(async () => page.getByTestId('photo-view').textContent()).toMatch(/3 faces found, 2 marked in red by a finding; taken 2017-10-31 20:16:18; the file carries the place it was taken \(GPS\)\./);
    expect(await axe(page)).toEqual([]);
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'check-photo-blocked.png'), fullPage: true });
    // The photo was uploaded once (multipart); typing afterwards sends only JSON with what the server read.
    await page.getByTestId('post-text').pressSequentially(' today', { delay: 5 });
    await expect.poll(async () => page.getByTestId('highlighted').textContent()).toBe('Watercolor week in the art room today');
    expect(uploads.filter((t) => t === 'multipart/form-data')).toHaveLength(1);
    expect(await page.getByTestId('finding-box').count()).toBe(2);
    // A red face is a button that moves to the photo's "Who is in it" field, to tag that person.
    await page.getByTestId('finding-box').first().click();
    expect(await page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^photo-.*-who$/);
    await context.close();
  }, 180_000);

  it('a guardian signs the e-consent from the link on a phone, in Spanish, and the same check then allows', async () => {
    const api = async (url: string, body: unknown) => {
      const r = await fetch(base + url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}` }, body: JSON.stringify(body) });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    };
    const checkRequest = { post: { author: 'x', text: 'Watercolor week in the art room', network: 'facebook', postedAt: '2026-11-12T18:00:00-06:00', images: [{ description: 'student painting', depicts: [studentId], setting: 'classroom' }] } };
    const teacher = (await store.db.selectFrom('users').select('person_id').where('email', '=', 'teacher@example.test').executeTakeFirst())!.person_id!;
    checkRequest.post.author = teacher;
    const before = await api('/api/v1/checks', checkRequest);
    expect(before.json.verdict).toBe('block');
    expect((before.json.findings as Array<{ rule: string }>).map((f) => f.rule)).toContain('student-image-without-consent');

    const link = await api('/api/v1/e-consent-requests', { studentId, type: 'student-image', validFrom: '2026-09-01', validUntil: '2027-06-30' });
    expect(link.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 320, height: 720 }, locale: 'es-US' });
    const page = await context.newPage();
    await page.goto(base + String(link.json.url));
    await page.getByRole('heading', { name: /Permiso para/ }).waitFor();
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Firmar' }).click();
    await page.getByText('Escriba su nombre completo para firmar.').waitFor();
    await page.getByLabel('Su nombre completo').fill('María Guardian');
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Firmar' }).click();
    await page.getByText(/Gracias\. Su consentimiento se firmó/).waitFor();
    expect(await axe(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const stored = await store.db.selectFrom('consents').select(['signer_name', 'signer_ip', 'signer_user_agent', 'text_hash', 'written']).where('subject_id', '=', studentId).where('signer_name', 'is not', null).executeTakeFirst();
    expect(stored).toMatchObject({ signer_name: 'María Guardian', written: 1 });
    expect(stored?.text_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.signer_user_agent).toContain('Chrome');

    const after = await api('/api/v1/checks', checkRequest);
    expect(after.json.verdict).toBe('allow');
    // The link is single-use.
    expect((await fetch(`${base}/api/v1/e-consent/${String(link.json.url).split('/').pop()}/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signerName: 'Again', agree: true }) })).status).toBe(409);
    await context.close();
  }, 120_000);

  it('an employee reports a concern, files the annual disclosure and asks to be a spokesperson; the superintendent approves', async () => {
    const signIn = async (page: Page, email: string) => {
      await page.goto(base + '/');
      await page.getByLabel('E-mail').fill(email);
      await page.locator('input[type="password"]').fill(PW);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Check a post' }).waitFor();
    };
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'teacher@example.test');
    await page.getByRole('link', { name: 'Report a concern' }).click();
    await page.getByRole('heading', { name: 'Report a concern' }).waitFor();
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'File the report' }).click();
    await page.getByText(/what: /).waitFor();
    await page.getByLabel('What did you see?').fill('An adult stranger messaging 9th graders in the team group');
    await page.getByLabel('Where (network, group, account)').fill('Snapchat, JHS XC Runners');
    await page.getByRole('button', { name: 'File the report' }).click();
    await page.getByText(/Due .*\(2[34] h \d+ min left\)/).waitFor();
    expect(await axe(page)).toEqual([]);

    await page.getByRole('link', { name: 'My records' }).click();
    await page.getByLabel('Group 1 name').fill('JHS XC Runners');
    await page.getByLabel('Group 1 network').fill('snapchat');
    await page.getByRole('button', { name: /File my .* disclosure/ }).click();
    await page.getByText(/On file: JHS XC Runners/).waitFor();
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByText('requested', { exact: true }).waitFor();
    expect(await axe(page)).toEqual([]);
    await context.close();

    const ctx2 = await browser.newContext();
    const sup = await ctx2.newPage();
    await signIn(sup, 'super@example.test');
    await sup.getByRole('link', { name: 'Approvals' }).click();
    await sup.getByTestId('approval').first().waitFor();
    expect(await axe(sup)).toEqual([]);
    await sup.getByLabel('Reason for the decision').first().fill('Robotics press contact for this year');
    await sup.getByRole('button', { name: 'Approve' }).first().click();
    await sup.getByText('No requests are waiting.').waitFor();
    const rows = await store.db.selectFrom('authorizations').select(['status', 'reason', 'type', 'decided_by']).where('type', '=', 'spokesperson').where('decided_at', 'is not', null).orderBy('decided_at', 'desc').execute();
    expect(rows[0]).toMatchObject({ status: 'approved', reason: 'Robotics press contact for this year' });
    expect(rows[0]?.decided_by).toBeTruthy();
    await ctx2.close();
  }, 120_000);

  it('is usable by keyboard alone: focus reaches the sign-in fields and the button, with a visible focus ring', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByLabel('E-mail').waitFor();
    const reached: string[] = [];
    const outlines: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      const [type, outline] = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return [el?.getAttribute('type') ?? el?.tagName ?? '', el ? getComputedStyle(el).outlineStyle : 'none'];
      });
      reached.push(type!);
      outlines.push(outline!);
    }
    expect(reached).toEqual(expect.arrayContaining(['email', 'password', 'submit']));
    // Every control reached by Tab shows a focus ring.
    reached.forEach((t, i) => {
      if (['email', 'password', 'submit'].includes(t)) expect([t, outlines[i]]).not.toEqual([t, 'none']);
    });
    await context.close();
  }, 120_000);

  it('works at 320 px wide without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByLabel('E-mail').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
