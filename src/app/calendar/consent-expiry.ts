// Students' consents about to end: a notice to the staff who post about the student, and a renewal signing link to each guardian.
//
// Recipients on the staff side: there is no class roster (teacher ↔ student) in the records, only the
// student's building. So the notice goes to the district's communications staff (they run the
// accounts and answer for what is posted) and to the building supervisors of the student's building
// (the teachers' contact there). Guardians get a fresh e-consent signing link (requestEConsent, 14
// days, single use) for the same type, scope and network, starting the day after the old one ends;
// the link travels by e-mail only, so a guardian with no address gets none and the staff notice says
// to send that guardian the form on paper.
import { localDay } from '../../core/analyzers/time.js';
import { buildingSupervisors, expiringStudentConsents, guardiansOf, type ExpiringConsent } from '../../store/repos/calendar.js';
import { noticesByKey } from '../../store/repos/notifications.js';
import type { Actor } from '../access.js';
import { requestEConsent } from '../e-consent.js';
import { notify, usersWithRoles, type NotifyDeps } from '../notify.js';
import type { ConsentScope } from '../record-consent.js';
import { addDays, CALENDAR_BY, daysBetween, districtCalendar, longDay, type SweepResult } from './common.js';

/** How many days ahead a consent's end is announced. */
export const CONSENT_NOTICE_DAYS = 30;

const what = (c: ExpiringConsent): string => (c.type === 'student-image' ? 'photo and video consent' : `consent to take part on ${c.network ?? 'a social network'}`);

/** The renewal's validity: from the day after the old one ends, for as long as the old one lasted (at least a year). */
function renewalWindow(c: ExpiringConsent): { validFrom: string; validUntil: string } {
  const validFrom = addDays(c.valid_until, 1);
  const length = Math.max(daysBetween(c.valid_from, c.valid_until), 364);
  return { validFrom, validUntil: addDays(validFrom, length) };
}

export async function runConsentExpiry(deps: NotifyDeps, input: { districtId: string; now: Date; days?: number }): Promise<SweepResult> {
  const cal = await districtCalendar(deps, input.districtId);
  const today = localDay(input.now, cal.timezone);
  const until = addDays(today, input.days ?? CONSENT_NOTICE_DAYS);
  const consents = await expiringStudentConsents(deps.db, input.districtId, today, until);
  const result: SweepResult = { sweep: 'consent-expiry', districtId: input.districtId, notices: 0, emails: 0, details: { today, until, consents: consents.length, renewalLinks: 0 } };
  if (consents.length === 0) return result;
  const communications = await usersWithRoles(deps, input.districtId, ['communications']);
  const supervisors = await buildingSupervisors(deps.db, input.districtId);
  const system: Actor = { districtId: input.districtId, id: CALENDAR_BY, roles: ['admin'] };
  let links = 0;

  for (const c of consents) {
    const staff = [...new Set([...communications, ...supervisors.filter((s) => s.buildingId !== null && s.buildingId === c.building_id).map((s) => s.userId)])];
    const days = daysBetween(today, c.valid_until);
    const guardians = await guardiansOf(deps.db, input.districtId, c.subject_id);
    const reachable = guardians.filter((g) => g.email !== null);
    const unreachable = guardians.filter((g) => g.email === null).map((g) => g.name);
    const paper =
      guardians.length === 0
        ? ' No guardian is on file: a renewal needs a paper form.'
        : unreachable.length > 0
          ? ` No e-mail is on file for ${unreachable.join(', ')}: send ${unreachable.length === 1 ? 'that guardian' : 'them'} the renewal on paper.`
          : '';
    const s = await notify(deps, {
      districtId: input.districtId,
      recipients: staff,
      event: 'consent.expiring',
      dedupKey: `consent-expiring:${c.id}`,
      subject: `${c.student_name}'s ${what(c)} ends ${longDay(c.valid_until)}`,
      body: `${c.student_name}'s ${what(c)} ends on ${longDay(c.valid_until)} (in ${days} day${days === 1 ? '' : 's'}). After that day, posts that show or name ${c.student_name} need a renewed consent.${reachable.length > 0 ? ` A renewal form was e-mailed to ${reachable.map((g) => g.name).join(', ')}.` : ''}${paper}`,
      by: CALENDAR_BY,
    });
    result.notices += s.created.length;
    result.emails += s.mail.queued;

    const renewalKey = `consent-renewal:${c.id}`;
    const already = new Set((await noticesByKey(deps.db, input.districtId, renewalKey)).map((n) => n.recipient));
    // Only guardians with an address get a signing link (it travels by e-mail only).
    for (const { id: guardianId } of reachable) {
      if (already.has(guardianId)) continue;
      const window = renewalWindow(c);
      const link = await requestEConsent(deps, system, {
        studentId: c.subject_id,
        guardianId,
        type: c.type as 'student-image' | 'social-network-participation',
        scope: c.scope === null ? undefined : (JSON.parse(c.scope) as ConsentScope[]),
        network: c.network ?? undefined,
        ...window,
      });
      links += 1;
      const url = `${(deps.publicUrl ?? '').replace(/\/+$/, '')}/consent/${link.token}`;
      const g = await notify(deps, {
        districtId: input.districtId,
        recipients: [guardianId],
        event: 'consent.renewal',
        dedupKey: renewalKey,
        subject: `Please renew ${c.student_name}'s ${what(c)}`,
        body: `The ${what(c)} you gave for ${c.student_name} ends on ${longDay(c.valid_until)}. We e-mailed you a link to renew it (from ${longDay(window.validFrom)} to ${longDay(window.validUntil)}); you can also decline. Nothing changes until you answer, and you can revoke a consent at any time.`,
        mailBody: `The ${what(c)} you gave for ${c.student_name} ends on ${longDay(c.valid_until)}.\n\nTo renew it (from ${longDay(window.validFrom)} to ${longDay(window.validUntil)}), open this link, read the text and sign with your name; you can also decline there:\n\n${url}\n\nThe link works once and until ${longDay(link.expiresAt.slice(0, 10))}. You can revoke a consent at any time.`,
        by: CALENDAR_BY,
      });
      result.notices += g.created.length;
      result.emails += g.mail.queued;
    }
  }
  result.details.renewalLinks = links;
  return result;
}
