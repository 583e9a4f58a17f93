/// <reference lib="dom" />
// District SSO in Debian's Chromium: the sign-in page's district button, a real OpenID provider (oidc-provider with its
// dev login and consent pages) on loopback, back to Clearpost signed in; an unlinked account is sent back with a reason.
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/app/access.js';
import { loadDemoDistrict } from '../../src/app/load-demo-district.js';
import { loadPolicyPack } from '../../src/app/load-policy-pack.js';
import { createUserAccount } from '../../src/app/sign-in.js';
import { buildServer } from '../../src/server/app.js';
import { createDb, type Store } from '../../src/store/create-db.js';
import { browserAvailable, launchChromium } from '../support/chromium.js';
import { ensureWebBuild, offDutyClock } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB = path.join(ROOT, 'web/dist');
const SHOTS = path.join(ROOT, 'test-results');
const CLIENT_ID = 'clearpost-web';
const CLIENT_SECRET = 'clearpost-e2e-secret-clearpost-e2e-secret';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function axe(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!browserAvailable())('district SSO in Chromium', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let idp: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ensureWebBuild();
    fs.mkdirSync(SHOTS, { recursive: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-sso-e2e-'));
    store = await createDb({ sqliteFile: path.join(dir, 'sso.db') });
    const deps = { db: store.db };
    const demo = await loadDemoDistrict(deps, { students: 20, employees: 6 });
    await createUserAccount(deps, systemActor(demo.districtId, 'e2e'), { email: 'dana@district.example', name: 'Dana Teacher', personId: demo.personas.teacher, roles: ['employee'], oidcSubject: 'dana.teacher' });

    const [idpPort, appPort] = [await freePort(), await freePort()];
    const issuer = `http://127.0.0.1:${idpPort}`;
    base = `http://127.0.0.1:${appPort}`;
    const redirectUri = `${base}/auth/oidc/callback`;
    app = await buildServer({ deps, pack: loadPolicyPack(), webDir: WEB, oidc: { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri, allowInsecure: true } });
    await app.listen({ port: appPort, host: '127.0.0.1' });
    const provider = new Provider(issuer, {
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ['e2e-cookie-key-not-secret'] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      pkce: { required: () => true },
      findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id, email: `${id}@district.example`, email_verified: true }) }),
    });
    idp = provider.listen(idpPort, '127.0.0.1');
    await new Promise<void>((r) => (idp.listening ? r() : idp.once('listening', () => r())));
    browser = offDutyClock(await launchChromium());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise<void>((r) => (idp?.listening ? idp.close(() => r()) : r()));
    idp?.closeAllConnections?.();
    await store?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** From Clearpost's sign-in page through the provider's dev login and consent pages. */
  async function signInThroughProvider(page: Page, accountId: string): Promise<void> {
    await page.goto(base + '/');
    const sso = page.getByRole('link', { name: 'Sign in with your district account' });
    await sso.waitFor();
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'sign-in.png'), fullPage: true });
    await sso.click();
    await page.waitForURL((u) => !u.href.startsWith(base));
    await page.locator('input[name="login"]').fill(accountId);
    await page.locator('input[name="password"]').fill('any password: the dev provider accepts all');
    await page.locator('button[type="submit"]').first().click();
    // The provider asks for consent the first time this client asks for these scopes.
    const consent = page.locator('form button[type="submit"]');
    await page.waitForURL((u) => u.href.startsWith(base) || u.pathname.includes('/interaction/'));
    if (!page.url().startsWith(base)) {
      await consent.first().click();
      await page.waitForURL((u) => u.href.startsWith(base));
    }
  }

  it('an employee signs in with the district account and lands on the check page, signed in as themselves', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(60_000); // a loaded 2-core machine: generous waits, the test still fails on a wrong page
    const page = await context.newPage();
    await signInThroughProvider(page, 'dana.teacher');
    await page.getByRole('heading', { name: 'Check a post' }).waitFor();
    expect(await page.getByText('Dana Teacher').count()).toBeGreaterThan(0);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    expect(me).toMatchObject({ name: 'Dana Teacher', roles: ['employee'] });
    const cookies = await context.cookies(base);
    expect(cookies.find((c) => c.name === 'clearpost_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'check-after-sso.png'), fullPage: true });
    await context.close();
  }, 150_000);

  it('an account the district has not linked comes back to the sign-in page with the reason, and no session', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(60_000); // a loaded 2-core machine: generous waits, the test still fails on a wrong page
    const page = await context.newPage();
    await signInThroughProvider(page, 'stranger');
    const alert = page.getByRole('alert').filter({ hasText: 'not linked to a Clearpost user' });
    await alert.waitFor();
    expect(new URL(page.url()).search).toBe(''); // the reason is taken off the address bar
    expect((await context.cookies(base)).some((c) => c.name === 'clearpost_session')).toBe(false);
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, 150_000);
});
