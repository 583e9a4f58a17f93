/// <reference lib="dom" />
// Shared setup of the browser suites: the built web app, a real server on a fresh SQLite database with the demo district,
// Debian's Chromium, sign-in as a role, axe (WCAG 2.1 AA) and screenshots under test-results/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { systemActor, type Role } from '../../src/app/access.js';
import { loadDemoDistrict, type DemoDistrict } from '../../src/app/load-demo-district.js';
import { loadPolicyPack } from '../../src/app/load-policy-pack.js';
import { createUserAccount } from '../../src/app/sign-in.js';
import { warmUpDistricts, warmUpEngine } from '../../src/app/warm-up-engine.js';
import { createImageAnalyzer } from '../../src/images/image-pool.js';
import { buildServer } from '../../src/server/app.js';
import { createDb, type Store } from '../../src/store/create-db.js';
import { launchChromium } from '../support/chromium.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const WEB = path.join(ROOT, 'web/dist');
export const SHOTS = path.join(ROOT, 'test-results');
export const PW = 'correct horse battery staple';

/** axe-core with the WCAG 2.1 A and AA rules; the list of violations (empty when the page is clean). */
export async function axe(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Build the web app once if this checkout has no build (the same build npm start serves). */
export function ensureWebBuild(): void {
  if (fs.existsSync(path.join(WEB, 'index.html'))) return;
  // NODE_ENV=production as `npm run build:web` has it: vitest sets NODE_ENV=test, which Vite would keep, shipping React's
  // development build (about 60 KB more gzipped) to the pages under test.
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`);
}

export interface E2e {
  dir: string;
  store: Store;
  app: FastifyInstance;
  browser: Browser;
  base: string;
  demo: DemoDistrict;
  close(): Promise<void>;
}

/** A server on a throwaway SQLite database with the demo district and one user per given e-mail and roles. */
export async function startE2e(users: Array<{ email: string; name: string; roles: Role[]; personId?: (d: DemoDistrict) => string }>, opts: { students?: number; employees?: number } = {}): Promise<E2e> {
  ensureWebBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-e2e-'));
  const store = await createDb({ sqliteFile: path.join(dir, 'e2e.db') });
  const deps = { db: store.db, filesDir: path.join(dir, 'files') };
  const demo = await loadDemoDistrict(deps, { students: opts.students ?? 60, employees: opts.employees ?? 12 });
  for (const u of users) {
    await createUserAccount(deps, systemActor(demo.districtId, 'e2e'), { email: u.email, name: u.name, password: PW, roles: u.roles, ...(u.personId ? { personId: u.personId(demo) } : {}) });
  }
  const pack = loadPolicyPack();
  // The photo pool at the caller's priority: at nice 19 (the server's default, so text checks keep their latency) a photo
  // waits behind every other test process on a loaded CI machine, and once took over 90 s.
  const images = createImageAnalyzer(1, { nice: false });
  const app = await buildServer({ deps, pack, webDir: WEB, images });
  warmUpEngine(pack); // as `clearpost serve` does before it listens
  await warmUpDistricts(store.db, pack);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number };
  const browser = await launchChromium();
  return {
    dir,
    store,
    app,
    browser,
    base: `http://127.0.0.1:${addr.port}`,
    demo,
    async close() {
      await browser.close();
      await app.close();
      await images.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The check page stamps a draft with the browser's clock (postedAt), and the demo district's duty hours are 07:30-16:00
 * America/Chicago on weekdays, where a personal post blocks (clause I): for the suites that check posts in the page, every
 * page of this browser runs on a clock that is off duty, the same day, so they give the same verdicts whenever they run (a
 * CI run at 07:30 Chicago time failed five). Not for suites that compare the page's clock with the server's (countdowns).
 */
export function offDutyClock(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options?: Parameters<Browser['newContext']>[0]) => {
    const context = await newContext(options);
    await context.clock.setFixedTime(offDutyNow());
    return context;
  };
  return browser;
}

/**
 * Now, or, on a weekday between 07:00 and 16:30 in America/Chicago (the demo district's duty hours with a margin for a
 * long suite), 06:00 of the same day there: the same date (consents given today are current), never on duty.
 */
export function offDutyNow(now = new Date()): Date {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now).map((x) => [x.type, x.value]));
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  const weekday = !['Sat', 'Sun'].includes(parts.weekday!);
  if (!weekday || minutes < 7 * 60 || minutes >= 16 * 60 + 30) return now;
  return new Date(now.getTime() - (minutes - 6 * 60) * 60_000);
}

/** Sign in with the local form and wait for the check page (everyone's home). */
export async function signIn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(base + '/');
  await page.getByLabel('E-mail').fill(email);
  await page.locator('input[type="password"]').fill(PW);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Check a post' }).waitFor();
}

/** A full-page screenshot as evidence, under test-results/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
