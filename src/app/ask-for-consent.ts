// An employee asks for the consent a check found missing, in one click from the check page:
// - a student in a photo: each guardian on file with an e-mail address gets a single-use e-consent signing link (by
//   e-mail only: the employee never sees the token), with the employee named as who asks; guardians without an
//   address are listed back, for a paper form;
// - a co-worker in a photo: the co-worker gets a notice (and e-mail) asking for image consent to this employee, linking
//   to the co-worker consents page with the employee chosen.
// Staff use the same ask from the consents page (also for social-network participation, naming the network); a staff
// account that is no person of the district asks in the name it signs in with.
// One ask per (asker, subject, type, day): asking again the same day sends nothing new and says so.
import { ClearpostError } from '../core/errors.js';
import { guardiansOf } from '../store/repos/calendar.js';
import { noticesByKey } from '../store/repos/notifications.js';
import { getPerson } from '../store/repos/people.js';
import { getUser } from '../store/repos/users.js';
import { addDays, districtCalendar } from './calendar/common.js';
import { requireRole, STAFF_ROLES, type Actor } from './access.js';
import { nowOf, write } from './deps.js';
import { requestEConsent } from './e-consent.js';
import { notify, type NotifyDeps } from './notify.js';

export interface ConsentAsk {
  kind: 'student' | 'coworker';
  subject: { id: string; name: string };
  /** Who was asked now (guardians' or the co-worker's names). */
  asked: string[];
  /** Who was already asked by this employee today (nothing sent again). */
  alreadyAsked: string[];
  /** Guardians on file without an e-mail address: they need the paper form. */
  noEmail: string[];
}

/** Today in the district's time zone (posts are dated by their local day, so a consent asked for today covers them). */
function localDay(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The last day of the school year that `day` is in: the day before the next schoolYearStart (MM-DD). */
function schoolYearEnd(day: string, schoolYearStart: string): string {
  const y = Number(day.slice(0, 4));
  return addDays(`${day.slice(5) >= schoolYearStart ? y + 1 : y}-${schoolYearStart}`, -1);
}

export interface ConsentAskInput {
  subjectId: string;
  /** For a student: which consent (default student-image); participation names its network. */
  type?: 'student-image' | 'social-network-participation' | undefined;
  network?: string | undefined;
}

export async function askForConsent(deps: NotifyDeps, actor: Actor, input: ConsentAskInput): Promise<ConsentAsk> {
  requireRole(actor, ['employee', ...STAFF_ROLES], 'ask for consent');
  const askerId = actor.personId;
  const subject = await getPerson(deps.db, actor.districtId, input.subjectId);
  if (subject === undefined || (subject.kind !== 'student' && subject.kind !== 'employee')) throw new ClearpostError('invalid-request', 'subjectId: not a student or employee of the district', 'subjectId');
  if (subject.id === askerId) throw new ClearpostError('invalid-request', 'subjectId: no consent is needed to post your own picture', 'subjectId');
  // A co-worker's consent is given to a person (the grantee), so only a person of the district can ask for one.
  if (subject.kind === 'employee' && askerId === undefined) throw new ClearpostError('invalid-request', 'subjectId: the signed-in user is not linked to a person of the district, so no co-worker consent can be asked in their name', 'subjectId');
  const type = input.type ?? 'student-image';
  if (subject.kind === 'student' && type === 'social-network-participation' && (input.network ?? '').trim() === '') throw new ClearpostError('invalid-request', 'network: participation consent names the network', 'network');
  const asker = askerId === undefined ? undefined : await getPerson(deps.db, actor.districtId, askerId);
  const askerName = asker?.name ?? (await getUser(deps.db, actor.id))?.name ?? 'District staff';
  const cal = await districtCalendar(deps, actor.districtId);
  const day = localDay(nowOf(deps), cal.timezone);
  const dedupKey = `consent-ask:${askerId ?? actor.id}:${subject.id}:${subject.kind === 'student' && type !== 'student-image' ? `${type}:${(input.network ?? '').trim().toLowerCase()}:` : ''}${day}`;
  const already = new Set((await noticesByKey(deps.db, actor.districtId, dedupKey)).map((n) => n.recipient));
  const by = actor.id;

  if (subject.kind === 'employee' && askerId !== undefined) {
    const out: ConsentAsk = { kind: 'coworker', subject: { id: subject.id, name: subject.name }, asked: [], alreadyAsked: [], noEmail: [] };
    if (already.has(subject.id)) out.alreadyAsked.push(subject.name);
    else {
      await notify(deps, {
        districtId: actor.districtId,
        recipients: [subject.id],
        event: 'consent.ask',
        dedupKey,
        subject: `${askerName} asks for your consent to post a photo of you`,
        body: `${askerName} wants to post a photo that shows you. Under Policy 471 (IV.A.1) they need your consent first. If you agree, give it on the co-worker consents page (you can limit where and how long, and revoke it later); if not, nothing needs to be done.`,
        link: `/coworker-consents?grantee=${encodeURIComponent(askerId)}&granteeName=${encodeURIComponent(askerName)}`,
        by,
      });
      out.asked.push(subject.name);
    }
    await write(deps, actor, (w) => w.audit('consent.ask', 'person', subject.id, { kind: 'coworker', asked: out.asked.length }));
    return out;
  }

  const guardians = await guardiansOf(deps.db, actor.districtId, subject.id);
  const out: ConsentAsk = { kind: 'student', subject: { id: subject.id, name: subject.name }, asked: [], alreadyAsked: [], noEmail: guardians.filter((g) => g.email === null).map((g) => g.name) };
  if (guardians.length === 0) throw new ClearpostError('invalid-request', `subjectId: no guardian of ${subject.name} is on file; the school office can record a paper consent`, 'subjectId');
  // The link is made by the district (staff rights), on behalf of the employee, who never sees it.
  const system: Actor = { districtId: actor.districtId, id: `system:consent-ask:${actor.id}`, roles: ['communications'] };
  const base = (deps.publicUrl ?? '').replace(/\/+$/, '');
  for (const g of guardians) {
    if (g.email === null) continue;
    if (already.has(g.id)) {
      out.alreadyAsked.push(g.name);
      continue;
    }
    const network = type === 'social-network-participation' ? (input.network ?? '').trim() : undefined;
    const link = await requestEConsent(deps, system, { studentId: subject.id, guardianId: g.id, type, ...(network ? { network } : {}), validFrom: day, validUntil: schoolYearEnd(day, cal.schoolYearStart) });
    const url = `${base}/consent/${link.token}`;
    const school = cal.name;
    const what = network ? `for ${subject.name} to take part in a class or school activity on ${network}` : `to post photos in which ${subject.name} can be recognised`;
    await notify(deps, {
      districtId: actor.districtId,
      recipients: [g.id],
      event: 'consent.ask',
      dedupKey,
      subject: network ? `${askerName} asks for your permission for ${subject.name} to use ${network}` : `${askerName} asks for your permission to post photos of ${subject.name}`,
      body: `${askerName} at ${school} asks for your written permission ${what}. We e-mailed you a link to read the consent and sign or decline it. Nothing changes until you sign, and you can revoke a consent at any time.`,
      mailBody: `${askerName} at ${school} asks for your written permission ${what}.\n\nOpen this link to read the consent in plain language (English or Spanish) and sign it with your name, or decline:\n\n${url}\n\nThe link works once and until ${link.expiresAt.slice(0, 10)}. Nothing changes until you sign, and you can revoke a consent at any time.`,
      by,
    });
    out.asked.push(g.name);
  }
  await write(deps, actor, (w) => w.audit('consent.ask', 'person', subject.id, { kind: 'student', asked: out.asked.length, noEmail: out.noEmail.length }));
  return out;
}
