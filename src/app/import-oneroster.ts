// Import a OneRoster 1.1/1.2 package into buildings, people and guardian links: idempotent by sourcedId, one transaction, bad rows reported.
import { ClearpostError } from '../core/errors.js';
import { readOneRoster, type Roster, type RosterProblem } from '../ingest/oneroster/read-oneroster.js';
import { newId } from '../store/ids.js';
import { insertImportRun } from '../store/repos/import-runs.js';
import { peopleBySourcedId, type PersonFields, type BuildingFields } from '../store/repos/people.js';
import { allBuildings, allGuardianLinks, deactivate, insertBuildingsBatch, insertLinksBatch, insertPeopleBatch } from '../store/repos/roster.js';
import { created, updateVersioned } from '../store/repos/versioned.js';
import type { Building, GuardianLink, Person } from '../store/schema.js';
import { requireRole, type Actor } from './access.js';
import { write, type AppDeps } from './deps.js';

export interface Tally {
  added: number;
  updated: number;
  unchanged: number;
  deactivated: number;
}

export interface ImportResult {
  runId: string;
  version: string;
  mode: 'bulk' | 'delta';
  rows: Record<string, number>;
  buildings: Tally;
  people: Tally;
  links: Tally;
  problems: RosterProblem[];
  ms: number;
}

/** Orgs above a school are the district itself, not a building. */
const NOT_BUILDINGS = new Set(['district', 'local', 'state', 'national']);

const tally = (): Tally => ({ added: 0, updated: 0, unchanged: 0, deactivated: 0 });

function changed<T extends object>(row: T, fields: Partial<T>): Partial<T> | undefined {
  const diff: Partial<T> = {};
  let any = false;
  for (const [k, v] of Object.entries(fields) as Array<[keyof T, T[keyof T]]>) {
    if (row[k] !== v) {
      diff[k] = v;
      any = true;
    }
  }
  return any ? diff : undefined;
}

export async function importOneRoster(deps: AppDeps, actor: Actor, input: { path: string; roster?: Roster }): Promise<ImportResult> {
  requireRole(actor, ['hr', 'admin'], 'import a roster');
  const t0 = Date.now();
  let roster: Roster;
  try {
    roster = input.roster ?? (await readOneRoster(input.path));
  } catch (err) {
    throw new ClearpostError('invalid-request', `cannot read the OneRoster package ${input.path}: ${(err as Error).message}`, 'path');
  }
  const districtId = actor.districtId;
  const result: ImportResult = { runId: newId(), version: roster.version, mode: roster.mode, rows: roster.rows, buildings: tally(), people: tally(), links: tally(), problems: roster.problems, ms: 0 };
  // A package whose users all failed (or an empty one) never deactivates the district's people.
  const hasUsers = roster.users.length > 0;

  await write(deps, actor, async (w) => {
    const s = w.stamp;
    // Buildings.
    const buildings = new Map((await allBuildings(w.trx, districtId)).filter((b) => b.sourced_id !== null).map((b) => [b.sourced_id!, b]));
    const newBuildings: Building[] = [];
    const seenOrgs = new Set<string>();
    for (const o of roster.orgs) {
      if (NOT_BUILDINGS.has(o.type)) continue;
      seenOrgs.add(o.sourcedId);
      const fields: BuildingFields = { sourced_id: o.sourcedId, name: o.name, kind: o.type, aliases: null, lat: null, lon: null, radius_m: null, active: o.active ? 1 : 0 };
      const had = buildings.get(o.sourcedId);
      if (had === undefined) {
        const b: Building = { ...created(districtId, newId(), s), ...fields };
        newBuildings.push(b);
        buildings.set(o.sourcedId, b);
        result.buildings.added += 1;
      } else {
        // Coordinates and aliases are district data, not roster data: a re-import keeps them.
        const diff = changed(had, { name: fields.name, kind: fields.kind, active: fields.active });
        if (diff === undefined) result.buildings.unchanged += 1;
        else {
          buildings.set(o.sourcedId, (await updateVersioned(w.trx, 'buildings', { districtId, id: had.id, version: had.version }, diff, s)) as Building);
          result.buildings.updated += 1;
        }
      }
    }
    await insertBuildingsBatch(w.trx, newBuildings);
    if (roster.mode === 'bulk' && roster.rows.orgs! > 0) {
      const gone = [...buildings.values()].filter((b) => b.active === 1 && !seenOrgs.has(b.sourced_id!)).map((b) => b.id);
      await deactivate(w.trx, 'buildings', districtId, gone, s);
      result.buildings.deactivated = gone.length;
    }

    // People.
    const people = await peopleBySourcedId(w.trx, districtId);
    const newPeople: Person[] = [];
    const seen = new Set<string>();
    for (const u of roster.users) {
      seen.add(u.sourcedId);
      const name = [u.givenName, u.familyName].filter((x) => x !== '').join(' ');
      const fields: PersonFields = {
        kind: u.kind,
        sourced_id: u.sourcedId,
        name,
        given_name: u.givenName || null,
        family_name: u.familyName || null,
        aliases: u.preferredName !== undefined && u.preferredName !== name ? JSON.stringify([u.preferredName]) : null,
        email: u.email ?? null,
        username: u.username ?? null,
        title: u.kind === 'employee' ? u.role : null,
        student_number: u.kind === 'student' ? (u.identifier ?? null) : null,
        grade: u.kind === 'student' ? (u.grade ?? null) : null,
        building_id: u.orgSourcedId === undefined ? null : (buildings.get(u.orgSourcedId)?.id ?? null),
        active: u.active ? 1 : 0,
      };
      const had = people.get(u.sourcedId);
      if (had === undefined) {
        const p: Person = { ...created(districtId, newId(), s), ...fields };
        newPeople.push(p);
        people.set(u.sourcedId, p);
        result.people.added += 1;
      } else {
        const diff = changed(had, fields);
        if (diff === undefined) result.people.unchanged += 1;
        else {
          people.set(u.sourcedId, (await updateVersioned(w.trx, 'people', { districtId, id: had.id, version: had.version }, diff, s)) as Person);
          if (diff.active === 0) result.people.deactivated += 1;
          else result.people.updated += 1;
        }
      }
    }
    await insertPeopleBatch(w.trx, newPeople);
    // A full roster is the truth: whoever it no longer lists is deactivated (never deleted).
    if (roster.mode === 'bulk' && hasUsers) {
      const gone = [...people.values()].filter((p) => p.active === 1 && !seen.has(p.sourced_id!)).map((p) => p.id);
      await deactivate(w.trx, 'people', districtId, gone, s);
      result.people.deactivated += gone.length;
    }

    // Guardian links.
    const links = new Map((await allGuardianLinks(w.trx, districtId)).map((l) => [`${l.guardian_id}>${l.student_id}`, l]));
    const newLinks: GuardianLink[] = [];
    const seenLinks = new Set<string>();
    for (const pair of roster.links) {
      const g = people.get(pair.guardian);
      const st = people.get(pair.student);
      if (g === undefined || st === undefined) continue;
      const key = `${g.id}>${st.id}`;
      seenLinks.add(key);
      const had = links.get(key);
      if (had === undefined) {
        newLinks.push({ ...created(districtId, newId(), s), guardian_id: g.id, student_id: st.id, relationship: null, source: 'oneroster', active: 1 });
        result.links.added += 1;
      } else if (had.active === 0) {
        await updateVersioned(w.trx, 'guardian_links', { districtId, id: had.id, version: had.version }, { active: 1 }, s);
        result.links.updated += 1;
      } else result.links.unchanged += 1;
    }
    await insertLinksBatch(w.trx, newLinks);
    if (roster.mode === 'bulk' && hasUsers) {
      const gone = [...links.entries()].filter(([k, l]) => l.source === 'oneroster' && l.active === 1 && !seenLinks.has(k)).map(([, l]) => l.id);
      await deactivate(w.trx, 'guardian_links', districtId, gone, s);
      result.links.deactivated = gone.length;
    }

    const counts = { version: roster.version, mode: roster.mode, rows: roster.rows, buildings: result.buildings, people: result.people, links: result.links };
    await insertImportRun(w.trx, districtId, result.runId, { source: input.path, format: `oneroster-${roster.version}`, mode: roster.mode, counts, problems: roster.problems }, s);
    await w.audit('roster.import', 'import_run', result.runId, { ...counts, problems: roster.problems.length, files: roster.files });
    await w.contextChanged();
  });
  result.ms = Date.now() - t0;
  return result;
}
