// The permission matrix of the HTTP API, declared in ONE place: which roles may call each route, and what each sees there.
//
// Usage: every route of the OpenAPI document has an entry "METHOD /path/{param}" below (the path as OpenAPI writes it).
//   who: 'public' (no sign-in: login, signing links), 'signed-in' (any role), or the roles allowed; everyone else gets 403.
//   scope: what the route lets each allowed role see or do (the use case in src/app enforces it; the doc shows it).
// app.ts calls installRouteGuard(app) once: a declared route refuses a caller without one of its roles before the body is
// read (authorise twice: the use case checks again). test/server/permissions.test.ts walks every route of the OpenAPI
// document with every role and fails, naming the line to add here, when a route is missing; it also fails when
// docs/permissions.md is stale: rewrite it with `node --import tsx src/server/permissions.ts`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { hasRole, ROLES, STAFF_ROLES, type Role } from '../app/access.js';
import { ClearpostError } from '../core/errors.js';

export type Audience = 'public' | 'signed-in' | readonly Role[];

export interface RoutePermission {
  who: Audience;
  /** What each allowed role sees or does there (own records, their children's, all ...). */
  scope?: string;
}

const STAFF = STAFF_ROLES;
const EMPLOYEES_AND_STAFF: readonly Role[] = ['employee', ...STAFF];
const MONITORS: readonly Role[] = ['building-supervisor', 'communications', 'hr', 'superintendent'];
const HR_SUPT: readonly Role[] = ['hr', 'superintendent'];
const AUDITORS: readonly Role[] = ['hr', 'superintendent', 'admin'];

export const ROUTE_PERMISSIONS: Record<string, RoutePermission> = {
  // sign-in and policy
  'POST /api/v1/auth/login': { who: 'public', scope: 'anyone; throttled per account and address' },
  'GET /api/v1/auth/providers': { who: 'public' },
  'POST /api/v1/auth/logout': { who: 'public', scope: 'ends the caller’s own session' },
  'GET /api/v1/me': { who: 'signed-in', scope: 'themself' },
  'GET /api/v1/policy': { who: 'public' },
  'GET /api/v1/policy/clauses/{id}': { who: 'public' },
  // checks
  'GET /api/v1/checks': { who: EMPLOYEES_AND_STAFF, scope: 'the checks of the caller’s own posts (none for a user who is no person of the district)' },
  'POST /api/v1/checks': { who: EMPLOYEES_AND_STAFF, scope: 'employee: own posts; staff: any author; admin and communications integrations: their own context' },
  // guardian e-consent
  'POST /api/v1/e-consent-requests': { who: STAFF, scope: 'send a signing link to a student’s guardian' },
  'GET /api/v1/e-consent/{token}': { who: 'public', scope: 'the holder of a single-use signing link' },
  'POST /api/v1/e-consent/{token}/sign': { who: 'public', scope: 'the holder of a single-use signing link' },
  'POST /api/v1/e-consent/{token}/decline': { who: 'public', scope: 'the holder of a single-use signing link' },
  'POST /api/v1/e-consent/{token}/revoke': { who: 'public', scope: 'the holder of the signing link' },
  // the employee's records
  'POST /api/v1/disclosures': { who: EMPLOYEES_AND_STAFF, scope: 'own; hr, admin: for any employee' },
  'GET /api/v1/disclosures': { who: EMPLOYEES_AND_STAFF, scope: 'own; hr, superintendent, admin: all' },
  'POST /api/v1/mandated-reports': { who: ['employee', 'building-supervisor', 'communications', 'hr', 'superintendent'], scope: 'own report' },
  'GET /api/v1/mandated-reports': { who: EMPLOYEES_AND_STAFF, scope: 'own; building-supervisor, hr, superintendent: all' },
  'POST /api/v1/mandated-reports/{id}/made': { who: ['employee', 'building-supervisor', 'communications', 'hr', 'superintendent'], scope: 'own report; building-supervisor, hr, superintendent: any' },
  'POST /api/v1/authorizations': { who: EMPLOYEES_AND_STAFF, scope: 'own request; hr, superintendent, admin: for any employee' },
  'GET /api/v1/authorizations': { who: EMPLOYEES_AND_STAFF, scope: 'own; communications, hr, superintendent, admin: all' },
  'POST /api/v1/authorizations/{id}/decision': { who: ['superintendent'], scope: 'the Superintendent or designee decides' },
  // people and summaries
  'GET /api/v1/people': { who: EMPLOYEES_AND_STAFF, scope: 'employee: names of employees and students; staff: roster fields of everyone; student reads logged' },
  'GET /api/v1/buildings': { who: EMPLOYEES_AND_STAFF, scope: 'the district’s buildings' },
  'GET /api/v1/consent-coverage': { who: STAFF, scope: 'counts per building and grade; logged' },
  'GET /api/v1/dashboard': { who: AUDITORS, scope: 'district-wide summaries' },
  'POST /api/v1/roster-imports': { who: ['hr', 'admin'], scope: 'the district roster' },
  // consents
  'GET /api/v1/consents': { who: ['guardian', ...STAFF], scope: 'guardian: own children’s; staff: all (logged)' },
  'POST /api/v1/consents': { who: STAFF, scope: 'record a paper consent with its scanned form' },
  'GET /api/v1/consents/{id}': { who: ROLES, scope: 'guardian: own children’s; employee: co-worker consents they gave or got; staff: all (student reads logged)' },
  'GET /api/v1/consents/{id}/history': { who: ROLES, scope: 'as GET /api/v1/consents/{id}' },
  'GET /api/v1/consents/{id}/form': { who: ROLES, scope: 'as GET /api/v1/consents/{id}' },
  'POST /api/v1/consents/{id}/revoke': { who: ROLES, scope: 'guardian: own children’s; employee: co-worker consent they gave; staff: all' },
  'GET /api/v1/coworker-consents': { who: EMPLOYEES_AND_STAFF, scope: 'employee: given or received; staff: all' },
  'POST /api/v1/coworker-consents': { who: EMPLOYEES_AND_STAFF, scope: 'employee: own consent; staff: for any employee' },
  'POST /api/v1/consent-asks': { who: EMPLOYEES_AND_STAFF, scope: 'a user linked to a person asks a student’s guardians (e-mailed signing link) or a co-worker for consent' },
  // approved tools
  'GET /api/v1/approved-tools': { who: 'signed-in', scope: 'the district catalog' },
  'POST /api/v1/approved-tools': { who: ['superintendent', 'admin'] },
  'POST /api/v1/approved-tools/{id}/retire': { who: ['superintendent', 'admin'] },
  // discipline (V.D) and IV.E
  'POST /api/v1/discipline-cases': { who: HR_SUPT },
  'GET /api/v1/discipline-cases': { who: ['employee', ...HR_SUPT], scope: 'employee: own; hr, superintendent: all' },
  'GET /api/v1/discipline-cases/{id}': { who: ['employee', ...HR_SUPT], scope: 'employee: own; hr, superintendent: all' },
  'POST /api/v1/discipline-cases/{id}/outcome': { who: HR_SUPT },
  'POST /api/v1/access-requests': { who: HR_SUPT },
  'GET /api/v1/access-requests': { who: ['employee', ...HR_SUPT], scope: 'employee: addressed to them; hr, superintendent: all' },
  'POST /api/v1/access-requests/{id}/answer': { who: ['employee', ...HR_SUPT], scope: 'employee: provide or decline their own; hr, superintendent: withdraw' },
  'POST /api/v1/monitored-accounts': { who: MONITORS, scope: 'communications: district accounts only' },
  'GET /api/v1/monitored-accounts': { who: MONITORS, scope: 'communications: district accounts only' },
  'GET /api/v1/monitored-accounts/{id}': { who: MONITORS, scope: 'communications: district accounts only' },
  'POST /api/v1/monitored-accounts/{id}/end': { who: MONITORS, scope: 'communications: district accounts only' },
  'POST /api/v1/monitored-accounts/{id}/poll': { who: MONITORS, scope: 'communications: district accounts only' },
  'GET /api/v1/review-items': { who: MONITORS, scope: 'communications: items of district accounts only' },
  'GET /api/v1/review-items/{id}': { who: MONITORS, scope: 'communications: items of district accounts only' },
  'POST /api/v1/review-items/{id}/dismiss': { who: MONITORS, scope: 'communications: items of district accounts only' },
  'POST /api/v1/review-items/{id}/incident': { who: MONITORS, scope: 'communications: items of district accounts only' },
  'POST /api/v1/review-items/{id}/attach': { who: HR_SUPT, scope: 'to an open discipline case of the same employee' },
  // audit log
  'GET /api/v1/audit-log': { who: AUDITORS, scope: 'the district’s log; each read is logged' },
  'GET /api/v1/audit-log/export': { who: AUDITORS, scope: 'the district’s log; each export is logged' },
  // images and notifications
  'POST /api/v1/images/scrub': { who: 'signed-in', scope: 'a copy of the caller’s photo without metadata; nothing kept' },
  'GET /api/v1/notifications': { who: 'signed-in', scope: 'own notices' },
  'POST /api/v1/notifications/{id}/read': { who: 'signed-in', scope: 'own notices' },
};

/** "POST /api/v1/things/:id" (Fastify) → "POST /api/v1/things/{id}" (OpenAPI). */
export function routeKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}

const permissionByRoute = new Map<string, RoutePermission | undefined>();

export function permissionOf(method: string, url: string): RoutePermission | undefined {
  // Looked up on every request: the route key of each (method, route) is built once.
  const k = `${method} ${url}`;
  if (permissionByRoute.has(k)) return permissionByRoute.get(k);
  const p = ROUTE_PERMISSIONS[routeKey(method === 'HEAD' ? 'GET' : method, url)];
  permissionByRoute.set(k, p);
  return p;
}

/** May a caller with these roles (undefined: not signed in) call the route? */
export function allows(p: RoutePermission, roles: readonly Role[] | undefined): boolean {
  if (p.who === 'public') return true;
  if (roles === undefined) return false;
  if (p.who === 'signed-in') return true;
  return hasRole({ districtId: '', id: '', roles }, p.who);
}

/** Refuse a caller who lacks the route's roles (403, before the body is read). Call after the sign-in hook. */
export function installRouteGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    if (url === undefined) return;
    const p = permissionOf(req.method, url);
    if (p === undefined || allows(p, req.actor?.roles)) return;
    if (req.actor === undefined) throw new ClearpostError('forbidden', 'sign in first');
    const roles = p.who as readonly Role[];
    throw new ClearpostError('forbidden', `${routeKey(req.method, url)}: needs one of the roles ${roles.join(', ')}`);
  });
}

// ---- the doc ------------------------------------------------------------------------------------

const COLUMNS: ReadonlyArray<Role | 'anonymous'> = [...ROLES, 'anonymous'];

export function renderPermissionsMarkdown(): string {
  const lines = [
    '# Permissions of the HTTP API',
    '',
    'Generated from `src/server/permissions.ts` (`node --import tsx src/server/permissions.ts`); do not edit by hand.',
    '`test/server/permissions.test.ts` walks every route of the OpenAPI document with every role and checks this table.',
    '',
    '✓ may call the route (the scope says what they see there); – gets 403. A record the caller may not see answers 404,',
    'the same as one that does not exist. Staff reads of student records are written to the audit log.',
    '',
    `| route | ${COLUMNS.join(' | ')} | scope |`,
    `|---|${COLUMNS.map(() => ':-:').join('|')}|---|`,
  ];
  const keys = Object.keys(ROUTE_PERMISSIONS).sort((a, b) => {
    const [ma, pa] = a.split(' ') as [string, string];
    const [mb, pb] = b.split(' ') as [string, string];
    return pa < pb ? -1 : pa > pb ? 1 : ma < mb ? -1 : ma > mb ? 1 : 0;
  });
  for (const k of keys) {
    const p = ROUTE_PERMISSIONS[k]!;
    const cells = COLUMNS.map((c) => (allows(p, c === 'anonymous' ? undefined : [c]) ? '✓' : '–'));
    lines.push(`| \`${k}\` | ${cells.join(' | ')} | ${(p.scope ?? (p.who === 'public' ? 'anyone' : '')).replace(/\|/g, '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}

export const PERMISSIONS_DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/permissions.md');

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(PERMISSIONS_DOC, renderPermissionsMarkdown());
  process.stdout.write(`wrote ${path.relative(process.cwd(), PERMISSIONS_DOC)} (${Object.keys(ROUTE_PERMISSIONS).length} routes)\n`);
}
