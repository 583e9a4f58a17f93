// Users, sessions and API tokens (SQL only here). Secrets are stored as sha256 of random tokens, never in clear.
import type { Kysely } from 'kysely';
import type { DB, User } from '../schema.js';

export async function insertUser(db: Kysely<DB>, u: { id: string; districtId: string; email: string; name: string; personId: string | null; roles: string[]; passwordHash: string | null; oidcSubject: string | null; at: string; by: string }): Promise<User> {
  await db
    .insertInto('users')
    .values({ id: u.id, district_id: u.districtId, email: u.email.toLowerCase(), name: u.name, person_id: u.personId, roles: JSON.stringify(u.roles), password_hash: u.passwordHash, oidc_subject: u.oidcSubject, created_at: u.at, created_by: u.by, updated_at: u.at, updated_by: u.by })
    .execute();
  return (await getUser(db, u.id))!;
}

export function getUser(db: Kysely<DB>, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A user by e-mail across districts (sign-in does not ask which district). */
export function findUsersByEmail(db: Kysely<DB>, email: string): Promise<User[]> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).where('active', '=', 1).execute();
}

export function findUserByOidcSubject(db: Kysely<DB>, subject: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('oidc_subject', '=', subject).where('active', '=', 1).executeTakeFirst();
}

export async function insertSession(db: Kysely<DB>, s: { id: string; tokenSha256: string; districtId: string; userId: string; csrf: string; at: string; expiresAt: string }): Promise<void> {
  await db.insertInto('sessions').values({ id: s.id, token_sha256: s.tokenSha256, district_id: s.districtId, user_id: s.userId, csrf: s.csrf, created_at: s.at, expires_at: s.expiresAt, revoked_at: null }).execute();
}

export function findSession(db: Kysely<DB>, tokenSha256: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as session_id', 'sessions.csrf', 'sessions.expires_at', 'sessions.revoked_at', 'users.id as user_id', 'users.district_id', 'users.email', 'users.name', 'users.person_id', 'users.roles', 'users.active'])
    .where('sessions.token_sha256', '=', tokenSha256)
    .executeTakeFirst();
}

export async function revokeSession(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).execute();
}

export async function insertApiToken(db: Kysely<DB>, t: { id: string; tokenSha256: string; districtId: string; name: string; roles: string[]; at: string; by: string }): Promise<void> {
  await db.insertInto('api_tokens').values({ id: t.id, token_sha256: t.tokenSha256, district_id: t.districtId, name: t.name, roles: JSON.stringify(t.roles), created_at: t.at, created_by: t.by, revoked_at: null }).execute();
}

export function findApiToken(db: Kysely<DB>, tokenSha256: string) {
  return db.selectFrom('api_tokens').selectAll().where('token_sha256', '=', tokenSha256).where('revoked_at', 'is', null).executeTakeFirst();
}
