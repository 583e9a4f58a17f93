// Sign-in use cases: local accounts (argon2id, throttled), sessions (random tokens, only their hash stored), API tokens.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { findApiToken, findSession, findUsersByEmail, insertApiToken, insertSession, insertUser, revokeSession } from '../store/repos/users.js';
import { ROLES, type Actor, type Role } from './access.js';
import { nowOf, write, type AppDeps } from './deps.js';

// algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const SESSION_HOURS = 12;
const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');
const token = (): string => crypto.randomBytes(32).toString('base64url');

export interface SignedIn {
  actor: Actor;
  name: string;
  email: string;
  csrf: string;
  sessionId: string;
}

/**
 * Login throttling: after 5 failures for an account or 20 from one address within 15 minutes,
 * further attempts are refused until the window passes (kept in memory: one server process;
 * a restart forgives, which is acceptable for the embedded deployment).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly perAccount = 5,
    private readonly perAddress = 20,
    private readonly windowMs = 15 * 60_000,
  ) {}
  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.failures.set(key, list);
    return list;
  }
  check(email: string, ip: string, now: number): void {
    if (this.recent(`a:${email}`, now).length >= this.perAccount || this.recent(`i:${ip}`, now).length >= this.perAddress) {
      throw new ClearpostError('forbidden', 'too many failed sign-ins: wait 15 minutes and try again');
    }
  }
  fail(email: string, ip: string, now: number): void {
    this.recent(`a:${email}`, now).push(now);
    this.recent(`i:${ip}`, now).push(now);
  }
  succeed(email: string): void {
    this.failures.delete(`a:${email}`);
  }
}

function rolesOf(json: string): Role[] {
  const r = JSON.parse(json) as string[];
  return r.filter((x): x is Role => (ROLES as readonly string[]).includes(x));
}

export async function createUserAccount(
  deps: AppDeps,
  actor: Actor,
  u: { email: string; name: string; password?: string | undefined; personId?: string | undefined; roles: Role[]; oidcSubject?: string | undefined },
): Promise<string> {
  if (!/^[^@\s]+@[^@\s]+$/.test(u.email)) throw new ClearpostError('invalid-request', 'email: not an e-mail address', 'email');
  if (u.password !== undefined && u.password.length < 12) throw new ClearpostError('invalid-request', 'password: at least 12 characters', 'password');
  const passwordHash = u.password === undefined ? null : await hash(u.password, ARGON);
  const id = newId(nowOf(deps).getTime());
  await write(deps, actor, async (w) => {
    await insertUser(w.trx, { id, districtId: actor.districtId, email: u.email, name: u.name, personId: u.personId ?? null, roles: u.roles, passwordHash, oidcSubject: u.oidcSubject ?? null, at: w.stamp.at, by: w.stamp.by });
    await w.audit('user.create', 'user', id, { email: u.email.toLowerCase(), roles: u.roles });
  });
  return id;
}

async function openSession(deps: AppDeps, user: { id: string; district_id: string }): Promise<{ token: string; csrf: string; sessionId: string }> {
  const t = token();
  const csrf = token();
  const now = nowOf(deps);
  const sessionId = newId(now.getTime());
  await insertSession(deps.db, { id: sessionId, tokenSha256: sha256(t), districtId: user.district_id, userId: user.id, csrf, at: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString() });
  return { token: t, csrf, sessionId };
}

/** Local sign-in: the same answer for an unknown e-mail and a wrong password. */
export async function signInLocal(deps: AppDeps, throttle: LoginThrottle, email: string, password: string, ip: string): Promise<{ token: string; csrf: string }> {
  const now = nowOf(deps).getTime();
  const key = email.toLowerCase();
  throttle.check(key, ip, now);
  const users = await findUsersByEmail(deps.db, key);
  const user = users.find((u) => u.password_hash !== null);
  const ok = user !== undefined && (await verify(user.password_hash!, password).catch(() => false));
  if (!ok || user === undefined) {
    throttle.fail(key, ip, now);
    throw new ClearpostError('forbidden', 'e-mail or password is not right');
  }
  throttle.succeed(key);
  const s = await openSession(deps, user);
  await write(deps, { districtId: user.district_id, id: user.id, roles: rolesOf(user.roles) }, (w) => w.audit('session.open', 'user', user.id, { method: 'password', ip }));
  return { token: s.token, csrf: s.csrf };
}

/** A session for a user found by their OpenID subject (district SSO). */
export async function signInOidc(deps: AppDeps, user: { id: string; district_id: string; roles: string }, ip: string): Promise<{ token: string; csrf: string }> {
  const s = await openSession(deps, user);
  await write(deps, { districtId: user.district_id, id: user.id, roles: rolesOf(user.roles) }, (w) => w.audit('session.open', 'user', user.id, { method: 'oidc', ip }));
  return { token: s.token, csrf: s.csrf };
}

interface CachedSession {
  s: SignedIn;
  /** The session's own expiry (ISO), checked on every hit. */
  expiresAt: string;
  /** Monotonic ms until which the entry is trusted without reading the store again. */
  freshUntil: number;
}

/**
 * Signed-in sessions read in the last few seconds, so a busy client does not cost a database query per request.
 * Sign-out in this process drops the entry at once; a session revoked or a user deactivated elsewhere (another
 * server process, the CLI) is refused at most `ttlMs` later (default 5 s). Expiry is checked on every hit.
 * Only valid sessions are kept (an unknown token always reads the store), at most `max` of them.
 */
export class SessionCache {
  private readonly byToken = new Map<string, CachedSession>();
  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 10_000,
  ) {}

  get(tokenSha256: string, nowIso: string): SignedIn | undefined {
    const hit = this.byToken.get(tokenSha256);
    if (hit === undefined) return undefined;
    if (performance.now() > hit.freshUntil || hit.expiresAt < nowIso) {
      this.byToken.delete(tokenSha256);
      return undefined;
    }
    return hit.s;
  }

  set(tokenSha256: string, s: SignedIn, expiresAt: string): void {
    if (this.byToken.size >= this.max) this.byToken.delete(this.byToken.keys().next().value!);
    this.byToken.set(tokenSha256, { s, expiresAt, freshUntil: performance.now() + this.ttlMs });
  }

  /** Forget a session (sign-out) by its id. */
  forget(sessionId: string): void {
    for (const [k, v] of this.byToken) if (v.s.sessionId === sessionId) this.byToken.delete(k);
  }

  clear(): void {
    this.byToken.clear();
  }
}

const sessionCaches = new WeakMap<AppDeps['db'], SessionCache>();

/** The session cache of a database (one per store, like the context cache). */
export function sessionCacheFor(db: AppDeps['db']): SessionCache {
  let c = sessionCaches.get(db);
  if (c === undefined) {
    c = new SessionCache();
    sessionCaches.set(db, c);
  }
  return c;
}

export async function resolveSession(deps: AppDeps, sessionToken: string): Promise<SignedIn | undefined> {
  const key = sha256(sessionToken);
  const nowIso = nowOf(deps).toISOString();
  const cache = sessionCacheFor(deps.db);
  const hit = cache.get(key, nowIso);
  if (hit !== undefined) return hit;
  const s = await findSession(deps.db, key);
  if (s === undefined || s.revoked_at !== null || s.active !== 1 || s.expires_at < nowIso) return undefined;
  const signedIn: SignedIn = { actor: { districtId: s.district_id, id: s.user_id, personId: s.person_id ?? undefined, roles: rolesOf(s.roles) }, name: s.name, email: s.email, csrf: s.csrf, sessionId: s.session_id };
  cache.set(key, signedIn, s.expires_at);
  return signedIn;
}

export async function signOut(deps: AppDeps, s: SignedIn): Promise<void> {
  sessionCacheFor(deps.db).forget(s.sessionId);
  await revokeSession(deps.db, s.sessionId, nowOf(deps).toISOString());
  // Again: a request may have read the session from the store while the revoke was being written.
  sessionCacheFor(deps.db).forget(s.sessionId);
  await write(deps, s.actor, (w) => w.audit('session.close', 'user', s.actor.id));
}

export async function createApiToken(deps: AppDeps, actor: Actor, name: string, roles: Role[]): Promise<string> {
  const t = `cp_${token()}`;
  const id = newId(nowOf(deps).getTime());
  await write(deps, actor, async (w) => {
    await insertApiToken(w.trx, { id, tokenSha256: sha256(t), districtId: actor.districtId, name, roles, at: w.stamp.at, by: w.stamp.by });
    await w.audit('api-token.create', 'api-token', id, { name, roles });
  });
  return t;
}

export async function resolveApiToken(deps: AppDeps, bearer: string): Promise<Actor | undefined> {
  const t = await findApiToken(deps.db, sha256(bearer));
  return t === undefined ? undefined : { districtId: t.district_id, id: `token:${t.id}`, roles: rolesOf(t.roles) };
}
