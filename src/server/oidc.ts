// District SSO: OpenID Connect authorization code flow with PKCE (openid-client), ending in the same session cookies as the password login.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { AppDeps } from '../app/deps.js';
import { signInOidc } from '../app/sign-in.js';
import { findUserByOidcSubject } from '../store/repos/users.js';

export interface OidcOptions {
  /** The issuer URL; discovery reads `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Must end in /auth/oidc/callback on this server and be registered with the provider. */
  redirectUri: string;
  /** Allow plain http to the provider (tests and local development only). */
  allowInsecure?: boolean | undefined;
}

export interface OidcPluginOptions extends OidcOptions {
  deps: AppDeps;
  cookieSecure: boolean;
}

// The same cookies as POST /api/v1/auth/login in app.ts.
const SESSION_COOKIE = 'clearpost_session';
const CSRF_COOKIE = 'clearpost_csrf';
const FLOW_COOKIE = 'clearpost_oidc';
const FLOW_MS = 10 * 60_000;
const MAX_FLOWS = 10_000;

interface Flow {
  codeVerifier: string;
  state: string;
  nonce: string;
  expires: number;
}

/** Why a sign-in ended, as the code the web app's sign-in page turns into a sentence (`/?sso_error=CODE`). */
export type SsoErrorCode = 'unavailable' | 'expired' | 'failed' | 'unlinked';

/** A browser (it asks for HTML) goes back to the sign-in page with the reason; an API client gets problem+json. */
function problem(req: FastifyRequest, reply: FastifyReply, code: SsoErrorCode, status: number, title: string, detail: string): FastifyReply {
  if ((req.headers.accept ?? '').includes('text/html')) return reply.redirect(`/?sso_error=${code}`, 303);
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status, detail });
}

export async function oidcPlugin(app: FastifyInstance, opts: OidcPluginOptions): Promise<void> {
  const { deps } = opts;
  const redirectUri = new URL(opts.redirectUri);
  // Flows in progress, keyed by a random id held in an httpOnly cookie: the callback must come back to the browser that started it.
  const flows = new Map<string, Flow>();
  let discovered: Promise<client.Configuration> | undefined;

  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(new URL(opts.issuer), opts.clientId, opts.clientSecret, undefined, opts.allowInsecure === true ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((e: unknown) => {
        discovered = undefined; // try again on the next sign-in
        throw e;
      });
    return discovered;
  }

  function prune(now: number): void {
    for (const [k, f] of flows) if (f.expires < now) flows.delete(k);
    while (flows.size >= MAX_FLOWS) flows.delete(flows.keys().next().value!);
  }

  app.get('/auth/oidc/login', { schema: { hide: true } }, async (req, reply) => {
    let config: client.Configuration;
    try {
      config = await configuration();
    } catch (e) {
      req.log.error(e);
      return problem(req, reply, 'unavailable', 502, 'Sign-in provider unavailable', 'the district sign-in provider could not be reached; try again later');
    }
    const now = Date.now();
    prune(now);
    const flow: Flow = { codeVerifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce(), expires: now + FLOW_MS };
    const id = crypto.randomBytes(24).toString('base64url');
    flows.set(id, flow);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri.href,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    reply.setCookie(FLOW_COOKIE, id, { path: '/auth/oidc', httpOnly: true, sameSite: 'lax', secure: opts.cookieSecure, maxAge: FLOW_MS / 1000 });
    return reply.redirect(url.href, 302);
  });

  app.get('/auth/oidc/callback', { schema: { hide: true } }, async (req, reply) => {
    const id = req.cookies[FLOW_COOKIE];
    const flow = id === undefined ? undefined : flows.get(id);
    if (id !== undefined) flows.delete(id);
    reply.clearCookie(FLOW_COOKIE, { path: '/auth/oidc' });
    if (flow === undefined || flow.expires < Date.now()) {
      return problem(req, reply, 'expired', 400, 'Sign-in expired', 'the sign-in started too long ago or in another browser; start again');
    }
    // The URL as the provider sent the browser to it: our registered redirect URI with the query the provider added.
    const current = new URL(redirectUri.href);
    current.search = new URL(req.url, redirectUri).search;
    let sub: string;
    try {
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
      const claims = tokens.claims();
      if (claims === undefined || typeof claims.sub !== 'string' || claims.sub === '') throw new Error('no sub claim in the ID token');
      sub = claims.sub;
    } catch (e) {
      req.log.warn(e);
      return problem(req, reply, 'failed', 403, 'Sign-in failed', 'the district sign-in provider did not confirm who you are; start again');
    }
    const user = await findUserByOidcSubject(deps.db, sub);
    if (user === undefined) {
      return problem(req, reply, 'unlinked', 403, 'forbidden', 'your district account is not linked to a Clearpost user; ask a Clearpost administrator');
    }
    const s = await signInOidc(deps, user, req.ip);
    const base = { path: '/', sameSite: 'lax' as const, secure: opts.cookieSecure, maxAge: 12 * 3600 };
    reply.setCookie(SESSION_COOKIE, s.token, { ...base, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, s.csrf, { ...base, httpOnly: false });
    return reply.redirect('/', 302);
  });
}
