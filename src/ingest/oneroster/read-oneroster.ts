// Reads a OneRoster 1.1 or 1.2 CSV package (a zip or a folder) into orgs, users and links, with every bad row named by file and line.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { openArchive, readText, type Archive } from '../archive.js';

export type RosterKind = 'employee' | 'student' | 'guardian';

export interface RosterProblem {
  file: string;
  /** 1-based line of the row in its file (0 for a problem with the whole file). */
  line: number;
  message: string;
}

export interface RosterOrg {
  sourcedId: string;
  name: string;
  type: string;
  active: boolean;
  line: number;
}

export interface RosterUser {
  sourcedId: string;
  kind: RosterKind;
  role: string;
  active: boolean;
  givenName: string;
  familyName: string;
  preferredName: string | undefined;
  email: string | undefined;
  username: string | undefined;
  identifier: string | undefined;
  grade: string | undefined;
  orgSourcedId: string | undefined;
  agentSourcedIds: string[];
  line: number;
}

export interface Roster {
  version: string;
  /** bulk: the package is the whole roster (people missing from it are deactivated); delta: only changes. */
  mode: 'bulk' | 'delta';
  orgs: RosterOrg[];
  users: RosterUser[];
  /** Guardian → student pairs from agentSourcedIds, both sides present in the package. */
  links: Array<{ guardian: string; student: string }>;
  rows: Record<string, number>;
  problems: RosterProblem[];
  /** sha256 of every CSV read, for the audit entry. */
  files: Record<string, string>;
}

const EMPLOYEE_ROLES = new Set([
  'teacher', 'administrator', 'aide', 'proctor', 'districtadministrator', 'siteadministrator', 'systemadministrator',
  'principal', 'counselor', 'librarian', 'staff', 'instructor', 'teacheraide',
]);
const GUARDIAN_ROLES = new Set(['parent', 'guardian', 'relative']);

export function kindOfRole(role: string): RosterKind | undefined {
  const r = role.trim().toLowerCase();
  if (r === 'student') return 'student';
  if (GUARDIAN_ROLES.has(r)) return 'guardian';
  if (EMPLOYEE_ROLES.has(r)) return 'employee';
  return undefined;
}

/** Header spellings met in the wild (typos of real exporters, 1.0 names) → the 1.1/1.2 name, lower-cased. */
const HEADER_ALIASES: Record<string, string> = {
  prefferedgivenname: 'preferredgivenname',
  prefferedmiddlename: 'preferredmiddlename',
  prefferedfamilyname: 'preferredfamilyname',
  datalastmodified: 'datelastmodified',
  agents: 'agentsourcedids',
  grade: 'grades',
  userid: 'userids',
};

interface Row {
  line: number;
  get(col: string): string | undefined;
}

interface CsvFile {
  name: string;
  rows: Row[];
  columns: Set<string>;
}

/** Longest run of lines a quoted field may span before the row is taken as an unclosed quote. */
const MAX_RECORD_LINES = 20;

/**
 * Split CSV text into records with their first line number. A row with an unclosed quote is
 * reported on its own line and the next line starts afresh, so one bad row cannot swallow the file.
 */
function splitRecords(name: string, text: string, problems: RosterProblem[]): Array<{ record: string[]; info: { lines: number } }> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: Array<{ record: string[]; info: { lines: number } }> = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    let chunk = lines[i]!;
    let quotes = (chunk.match(/"/g) ?? []).length;
    while (quotes % 2 === 1 && i + 1 < lines.length && i - start + 1 < MAX_RECORD_LINES) {
      i += 1;
      chunk += `\n${lines[i]!}`;
      quotes += (lines[i]!.match(/"/g) ?? []).length;
    }
    if (quotes % 2 === 1) {
      problems.push({ file: name, line: start + 1, message: 'unreadable CSV row: a quote is never closed' });
      i = start + 1;
      continue;
    }
    i += 1;
    if (chunk.trim() === '') continue;
    // Most roster rows quote nothing: split those directly (csv-parse per row costs far more).
    if (quotes === 0) {
      out.push({ record: chunk.split(','), info: { lines: start + 1 } });
      continue;
    }
    try {
      const rec = parse(chunk, { relax_column_count: true, relax_quotes: true }) as string[][];
      if (rec[0] !== undefined) out.push({ record: rec[0], info: { lines: start + 1 } });
    } catch (err) {
      problems.push({ file: name, line: start + 1, message: `unreadable CSV row: ${(err as Error).message}` });
    }
  }
  return out;
}

function parseCsv(name: string, text: string, problems: RosterProblem[]): CsvFile {
  const records = splitRecords(name, text, problems);
  const first = records[0];
  if (first === undefined) return { name, rows: [], columns: new Set() };
  const header = first.record.map((h) => {
    const k = h.trim().toLowerCase();
    return HEADER_ALIASES[k] ?? k;
  });
  const rows: Row[] = [];
  for (const { record, info } of records.slice(1)) {
    const extra = record.slice(header.length).filter((v, i) => v.trim() !== '' && i >= 0);
    const named = record.slice(0, header.length).some((v, i) => v.trim() !== '' && header[i] === '');
    if (extra.length > 0 || named) problems.push({ file: name, line: info.lines, message: `${extra.length || 'some'} value(s) without a column header (the row has ${record.length} fields, the header ${header.filter((h) => h !== '').length})` });
    const map = new Map<string, string>();
    header.forEach((h, i) => {
      if (h !== '' && !map.has(h)) map.set(h, (record[i] ?? '').trim());
    });
    rows.push({ line: info.lines, get: (c) => map.get(c) || undefined });
  }
  return { name, rows, columns: new Set(header.filter((h) => h !== '')) };
}

const list = (v: string | undefined): string[] => (v === undefined ? [] : v.split(',').map((s) => s.trim()).filter((s) => s !== ''));
const isActive = (status: string | undefined): boolean => {
  const s = status?.toLowerCase();
  return s !== 'tobedeleted' && s !== 'inactive';
};

export async function readOneRoster(p: string): Promise<Roster> {
  const archive = await openArchive(p);
  try {
    return await readArchive(archive);
  } finally {
    archive.close();
  }
}

async function readArchive(archive: Archive): Promise<Roster> {
  const problems: RosterProblem[] = [];
  const files: Record<string, string> = {};
  const byName = new Map<string, string>();
  for (const f of archive.files()) {
    const base = f.split('/').pop()!.toLowerCase();
    if (base.endsWith('.csv') && !byName.has(base)) byName.set(base, f);
  }
  const read = async (name: string): Promise<CsvFile | undefined> => {
    const f = byName.get(`${name.toLowerCase()}.csv`);
    if (f === undefined) return undefined;
    const text = await readText(archive, f);
    files[f] = createHash('sha256').update(text).digest('hex');
    return parseCsv(f, text, problems);
  };

  const manifest = await read('manifest');
  const props = new Map<string, string>();
  for (const r of manifest?.rows ?? []) {
    const k = r.get('propertyname');
    if (k !== undefined) props.set(k.toLowerCase(), (r.get('value') ?? '').toLowerCase());
  }
  const version = props.get('oneroster.version') ?? 'unknown';
  const usersMode = props.get('file.users');
  const mode: 'bulk' | 'delta' = usersMode === 'delta' ? 'delta' : 'bulk';

  const usersCsv = await read('users');
  if (usersCsv === undefined) problems.push({ file: 'users.csv', line: 0, message: 'users.csv is missing: no people imported' });
  const orgsCsv = await read('orgs');
  const rolesCsv = await read('roles');
  const enrollmentsCsv = await read('enrollments');
  const classesCsv = await read('classes');
  const demographicsCsv = await read('demographics');

  // Orgs.
  const orgs: RosterOrg[] = [];
  const orgIds = new Set<string>();
  for (const r of orgsCsv?.rows ?? []) {
    const id = r.get('sourcedid');
    if (id === undefined) {
      problems.push({ file: orgsCsv!.name, line: r.line, message: 'sourcedId is empty' });
      continue;
    }
    if (orgIds.has(id)) {
      problems.push({ file: orgsCsv!.name, line: r.line, message: `duplicate sourcedId ${id}` });
      continue;
    }
    orgIds.add(id);
    const name = r.get('name');
    if (name === undefined) {
      problems.push({ file: orgsCsv!.name, line: r.line, message: `org ${id}: name is empty` });
      continue;
    }
    orgs.push({ sourcedId: id, name, type: (r.get('type') ?? 'school').toLowerCase(), active: isActive(r.get('status')), line: r.line });
  }

  // Roles: users.csv (1.1) has a role column; 1.2 moved it to roles.csv (primary role first); enrollments are the last resort.
  const roleOf = new Map<string, { role: string; org: string | undefined; primary: boolean }>();
  // A user may hold a guardian role beside their primary one (a teacher who is also a parent).
  const alsoGuardian = new Set<string>();
  for (const r of rolesCsv?.rows ?? []) {
    const user = r.get('usersourcedid');
    const role = r.get('role');
    if (user === undefined || role === undefined) {
      problems.push({ file: rolesCsv!.name, line: r.line, message: 'userSourcedId and role are required' });
      continue;
    }
    const primary = (r.get('roletype') ?? '').toLowerCase() === 'primary';
    if (kindOfRole(role) === 'guardian') alsoGuardian.add(user);
    const had = roleOf.get(user);
    if (had === undefined || (primary && !had.primary)) roleOf.set(user, { role, org: r.get('orgsourcedid'), primary });
  }
  const classIds = new Set<string>();
  for (const r of classesCsv?.rows ?? []) {
    const id = r.get('sourcedid');
    if (id === undefined) problems.push({ file: classesCsv!.name, line: r.line, message: 'sourcedId is empty' });
    else classIds.add(id);
  }
  const enrolledRole = new Map<string, { role: string; school: string | undefined }>();
  const enrollmentRows: Array<{ user: string; line: number; cls: string | undefined }> = [];
  for (const r of enrollmentsCsv?.rows ?? []) {
    const user = r.get('usersourcedid');
    const role = r.get('role');
    if (r.get('sourcedid') === undefined || user === undefined || role === undefined) {
      problems.push({ file: enrollmentsCsv!.name, line: r.line, message: 'sourcedId, userSourcedId and role are required' });
      continue;
    }
    const cls = r.get('classsourcedid');
    if (cls !== undefined && classesCsv !== undefined && !classIds.has(cls)) problems.push({ file: enrollmentsCsv!.name, line: r.line, message: `class ${cls} is not in classes.csv` });
    enrollmentRows.push({ user, line: r.line, cls });
    if (!enrolledRole.has(user)) enrolledRole.set(user, { role, school: r.get('schoolsourcedid') });
  }

  // Users.
  const users: RosterUser[] = [];
  const userIds = new Set<string>();
  for (const r of usersCsv?.rows ?? []) {
    const f = usersCsv!.name;
    const id = r.get('sourcedid');
    if (id === undefined) {
      problems.push({ file: f, line: r.line, message: 'sourcedId is empty' });
      continue;
    }
    if (userIds.has(id)) {
      problems.push({ file: f, line: r.line, message: `duplicate sourcedId ${id}` });
      continue;
    }
    const role = r.get('role') ?? roleOf.get(id)?.role ?? enrolledRole.get(id)?.role;
    if (role === undefined) {
      problems.push({ file: f, line: r.line, message: `user ${id}: no role (users.csv role, roles.csv or an enrollment)` });
      continue;
    }
    const kind = kindOfRole(role);
    if (kind === undefined) {
      problems.push({ file: f, line: r.line, message: `user ${id}: unknown role "${role}"` });
      continue;
    }
    const givenName = r.get('givenname');
    const familyName = r.get('familyname');
    if (givenName === undefined && familyName === undefined) {
      problems.push({ file: f, line: r.line, message: `user ${id}: givenName and familyName are empty` });
      continue;
    }
    userIds.add(id);
    const preferred = [r.get('preferredgivenname'), r.get('preferredfamilyname')].filter((s) => s !== undefined);
    users.push({
      sourcedId: id,
      kind,
      role,
      active: isActive(r.get('status')),
      givenName: givenName ?? '',
      familyName: familyName ?? '',
      preferredName: preferred.length > 0 ? [r.get('preferredgivenname') ?? givenName, r.get('preferredfamilyname') ?? familyName].filter(Boolean).join(' ') : undefined,
      email: r.get('email')?.toLowerCase(),
      username: r.get('username'),
      identifier: r.get('identifier'),
      grade: list(r.get('grades'))[0],
      orgSourcedId: r.get('primaryorgsourcedid') ?? list(r.get('orgsourcedids'))[0] ?? roleOf.get(id)?.org ?? enrolledRole.get(id)?.school,
      agentSourcedIds: list(r.get('agentsourcedids')),
      line: r.line,
    });
  }
  for (const e of enrollmentRows) {
    if (usersCsv !== undefined && mode === 'bulk' && !userIds.has(e.user)) problems.push({ file: enrollmentsCsv!.name, line: e.line, message: `user ${e.user} is not in users.csv` });
  }

  // Guardian links from agentSourcedIds (either side may name the other).
  const kindOf = new Map(users.map((u) => [u.sourcedId, u.kind]));
  const isGuardian = (id: string): boolean => kindOf.get(id) === 'guardian' || (kindOf.has(id) && alsoGuardian.has(id));
  const pairs = new Map<string, { guardian: string; student: string }>();
  for (const u of users) {
    for (const a of u.agentSourcedIds) {
      let pair: { guardian: string; student: string } | undefined;
      if (u.kind === 'student' && isGuardian(a)) pair = { guardian: a, student: u.sourcedId };
      else if (isGuardian(u.sourcedId) && kindOf.get(a) === 'student') pair = { guardian: u.sourcedId, student: a };
      if (pair === undefined) {
        const other = kindOf.get(a);
        const what = other === undefined ? 'is not in users.csv' : `is ${other === 'employee' ? 'an' : 'a'} ${other}`;
        problems.push({ file: usersCsv!.name, line: u.line, message: `user ${u.sourcedId} (${u.kind}): agent ${a} ${what}; only a student and a guardian make a guardian link` });
        continue;
      }
      pairs.set(`${pair.guardian}>${pair.student}`, pair);
    }
  }

  return {
    version,
    mode,
    orgs,
    users,
    links: [...pairs.values()],
    rows: {
      orgs: orgsCsv?.rows.length ?? 0,
      users: usersCsv?.rows.length ?? 0,
      roles: rolesCsv?.rows.length ?? 0,
      classes: classesCsv?.rows.length ?? 0,
      enrollments: enrollmentsCsv?.rows.length ?? 0,
      // Demographics are counted, not stored: Policy 471 needs no birth dates or race data.
      demographics: demographicsCsv?.rows.length ?? 0,
    },
    problems,
    files,
  };
}
