// District SSO end to end: Clearpost and a real OpenID provider (oidc-provider, dev interactions) on loopback, driven by fetch with manual redirects.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { systemActor } from '../../src/app/access.js';
import { loadDemoDistrict } from '../../src/app/load-demo-district.js';
import { loadPolicyPack } from '../../src/app/load-policy-pack.js';
import { createUserAccount } from '../../src/app/sign-in.js';
import { buildServer } from '../../src/server/app.js';
import type { Store } from '../../src/store/create-db.js';
import { createTestDatabase, type TestDatabase } from '../store/databases.js';

const CLIENT_ID = 'clearpost';
const CLIENT_SECRET = 'clearpost-test-secret-clearpost-test-secret';

/** A cookie jar per origin (both servers are on 127.0.0.1, so keep them apart by port). */
class Jar {
  private readonly jars = new Map<string, Map<string, string>>();
  take(url: string, res: Response): void {
    const jar = this.jars.get(new URL(url).origin) ?? new Map<string, string>();
    this.jars.set(new URL(url).origin, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }
  header(url: string): string {
    return [...(this.jars.get(new URL(url).origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function send(jar: Jar, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> | undefined), cookie: jar.header(url) } });
  jar.take(url, res);
  return res;
}

describe('district SSO (OpenID Connect, SQLite)', () => {
  let tdb: TestDatabase;
  let store: Store;
  let app: FastifyInstance;
  let idp: Server;
  let base: string;
  let issuer: string;

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    store = await tdb.open();
    const deps = { db: store.db };
    const demo = await loadDemoDistrict(deps, { students: 10, employees: 5 });
    await createUserAccount(deps, systemActor(demo.districtId, 'test'), { email: 'sso.teacher@example.test', name: 'SSO Teacher', personId: demo.personas.teacher, roles: ['employee'], oidcSubject: 'sub-123' });

    // Both ports first: Clearpost's options name the issuer, the provider's client names Clearpost's redirect URI.
    const [idpPort, appPort] = [await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${idpPort}`;
    base = `http://127.0.0.1:${appPort}`;
    const redirectUri = `${base}/auth/oidc/callback`;
    app = await buildServer({ deps, pack: loadPolicyPack(), oidc: { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri, allowInsecure: true } });
    await app.listen({ port: appPort, host: '127.0.0.1' });

    const provider = new Provider(issuer, {
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ['test-cookie-key-not-secret'] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id, email: `${id}@district.example`, email_verified: true }) }),
    });
    idp = provider.listen(idpPort, '127.0.0.1');
    await new Promise<void>((r) => (idp.listening ? r() : idp.once('listening', () => r())));
  });

  afterAll(async () => {
    await app?.close();
    await new Promise<void>((r) => (idp?.listening ? idp.close(() => r()) : r()));
    idp?.closeAllConnections?.();
    await store?.close();
    await tdb?.drop();
  });

  /** Start at Clearpost, sign in at the provider as `accountId` through its dev login and consent forms, return Clearpost's callback response. */
  async function signInAs(jar: Jar, accountId: string): Promise<Response> {
    let res = await send(jar, `${base}/auth/oidc/login`);
    expect(res.status).toBe(302);
    let url = new URL(res.headers.get('location')!, base).href;
    expect(url.startsWith(issuer)).toBe(true);
    expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
    for (let hops = 0; hops < 12; hops++) {
      if (url.startsWith(`${base}/auth/oidc/callback`)) return send(jar, url);
      res = await send(jar, url);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url).href;
        continue;
      }
      expect(res.status).toBe(200);
      const html = await res.text();
      // The dev interaction page: a login form (any account id) or a consent form.
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      expect(prompt && action, html.slice(0, 500)).toBeTruthy();
      const form = new URLSearchParams({ prompt: prompt! });
      if (prompt === 'login') {
        form.set('login', accountId);
        form.set('password', 'any');
      }
      res = await send(jar, new URL(action!, url).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
      expect(res.status).toBeGreaterThanOrEqual(300);
      url = new URL(res.headers.get('location')!, url).href;
    }
    throw new Error('too many redirects');
  }

  it('signs a linked district account in: session cookies like the password login, then /api/v1/me', async () => {
    const jar = new Jar();
    const res = await signInAs(jar, 'sub-123');
    expect(res.status, await res.clone().text()).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('clearpost_session='));
    expect(session).toBeDefined();
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(cookies.some((c) => c.startsWith('clearpost_csrf='))).toBe(true);

    const me = await send(jar, `${base}/api/v1/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ name: 'SSO Teacher', email: 'sso.teacher@example.test', roles: ['employee'] });
    const audit = await store.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'session.open').execute();
    expect(audit.some((a) => a.details.includes('oidc'))).toBe(true);
  });

  it('refuses an account not linked to a Clearpost user with 403 problem+json', async () => {
    const jar = new Jar();
    const res = await signInAs(jar, 'sub-unknown');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 403, detail: expect.stringMatching(/not linked/) });
    expect(res.headers.getSetCookie().some((c) => c.startsWith('clearpost_session='))).toBe(false);
    expect((await send(jar, `${base}/api/v1/me`)).status).toBe(403);
  });

  it('refuses a callback whose state does not match the flow this browser started', async () => {
    const jar = new Jar();
    const start = await send(jar, `${base}/auth/oidc/login`);
    expect(start.status).toBe(302);
    const res = await send(jar, `${base}/auth/oidc/callback?code=forged&state=not-the-state&iss=${encodeURIComponent(issuer)}`);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ title: 'Sign-in failed' });
    // The flow is used up: replaying the callback finds nothing.
    expect((await send(jar, `${base}/auth/oidc/callback?code=forged&state=x`)).status).toBe(400);
  });

  it('refuses a callback without the browser’s flow cookie, and says whether SSO is on', async () => {
    const res = await fetch(`${base}/auth/oidc/callback?code=forged&state=forged`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await (await fetch(`${base}/api/v1/auth/providers`)).json()).toEqual({ oidc: true });
  });

  it('sends a browser (Accept: text/html) back to the sign-in page with the reason instead of a JSON body', async () => {
    const res = await fetch(`${base}/auth/oidc/callback?code=forged&state=forged`, { redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/?sso_error=expired');
  });
});
