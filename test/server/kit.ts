// Server test kit: a demo district on a private database, one signed-in user per role (employees linked to their person), inject helpers.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { ROLES, systemActor, type Role } from '../../src/app/access.js';
import type { AppDeps } from '../../src/app/deps.js';
import { loadDemoDistrict, type DemoDistrict } from '../../src/app/load-demo-district.js';
import { loadPolicyPack } from '../../src/app/load-policy-pack.js';
import { createUserAccount } from '../../src/app/sign-in.js';
import { buildServer } from '../../src/server/app.js';
import type { Dialect, Store } from '../../src/store/create-db.js';
import { createTestDatabase, type TestDatabase } from '../store/databases.js';

export const PW = 'correct horse battery staple';

/** Who the walk signs in as: every role, a second employee, and anonymous. */
export type Who = Role | 'employee2' | 'anonymous';
export const EVERYONE: readonly Who[] = [...ROLES, 'anonymous'];

export interface Session {
  cookie: string;
  csrf: string;
}

export interface Kit {
  tdb: TestDatabase;
  store: Store;
  deps: AppDeps & { clock: { now: Date } };
  app: FastifyInstance;
  demo: DemoDistrict;
  /** The person each signed-in user is (guardian: a guardian with children; staff: an employee). */
  personOf: Record<Exclude<Who, 'anonymous'>, string>;
  sessions: Record<Exclude<Who, 'anonymous'>, Session>;
  /** Sign in again (after moving the clock past the 12-hour session). */
  signIn(who: Exclude<Who, 'anonymous'>): Promise<void>;
  /** inject as someone: adds the cookie and, for writes, the CSRF header. */
  as(who: Who, opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startKit(dialect: Dialect, opts: { students?: number; employees?: number; filesDir?: string } = {}): Promise<Kit> {
  const tdb = await createTestDatabase(dialect);
  const store = await tdb.open();
  const clock = { now: new Date('2026-11-25T15:00:00Z') };
  const deps = { db: store.db, now: () => clock.now, clock, ...(opts.filesDir ? { filesDir: opts.filesDir } : {}) };
  const demo = await loadDemoDistrict(deps, { students: opts.students ?? 40, employees: opts.employees ?? 12 });
  const actor = systemActor(demo.districtId, 'test');
  const employees = await store.db.selectFrom('people').select(['id', 'sourced_id']).where('district_id', '=', demo.districtId).where('kind', '=', 'employee').orderBy('sourced_id').execute();
  const emp = (i: number) => employees.find((e) => e.sourced_id === `demo-e-${i}`)!.id;
  const personOf: Kit['personOf'] = {
    superintendent: demo.personas.superintendent,
    communications: demo.personas.communications,
    employee: demo.personas.teacher,
    guardian: demo.personas.guardian,
    employee2: emp(3),
    'building-supervisor': emp(4),
    hr: emp(5),
    admin: emp(6),
  };
  for (const [who, personId] of Object.entries(personOf) as Array<[Exclude<Who, 'anonymous'>, string]>) {
    const role: Role = who === 'employee2' ? 'employee' : who;
    await createUserAccount(deps, actor, { email: `${who}@example.test`, name: who, password: PW, personId, roles: [role] });
  }
  const app = await buildServer({ deps, pack: loadPolicyPack() });
  const sessions = {} as Kit['sessions'];
  const signIn = async (who: Exclude<Who, 'anonymous'>): Promise<void> => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `${who}@example.test`, password: PW } });
    expect(r.statusCode).toBe(200);
    const cookies = r.cookies as Array<{ name: string; value: string }>;
    const s = cookies.find((c) => c.name === 'clearpost_session')!.value;
    const c = cookies.find((c) => c.name === 'clearpost_csrf')!.value;
    sessions[who] = { cookie: `clearpost_session=${s}; clearpost_csrf=${c}`, csrf: c };
  };
  for (const who of Object.keys(personOf) as Array<Exclude<Who, 'anonymous'>>) await signIn(who);
  return {
    tdb,
    store,
    deps,
    app,
    demo,
    personOf,
    sessions,
    signIn,
    as(who, o) {
      if (who === 'anonymous') return app.inject(o);
      const s = sessions[who];
      const write = o.method !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(String(o.method).toUpperCase());
      return app.inject({ ...o, headers: { ...(o.headers ?? {}), cookie: s.cookie, ...(write ? { 'x-csrf-token': s.csrf } : {}) } });
    },
    async close() {
      await app.close();
      await store.close();
      await tdb.drop();
    },
  };
}
