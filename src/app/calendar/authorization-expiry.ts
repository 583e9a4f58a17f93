// Spokesperson and instructional-use authorizations about to end: a notice to the employee and to the Superintendent or designee.
import { localDay } from '../../core/analyzers/time.js';
import { expiringAuthorizations } from '../../store/repos/calendar.js';
import { notify, usersWithRoles, type NotifyDeps } from '../notify.js';
import { addDays, CALENDAR_BY, daysBetween, districtCalendar, longDay, type SweepResult } from './common.js';

/** How many days ahead an authorization's end is announced. */
export const AUTHORIZATION_NOTICE_DAYS = 14;

export async function runAuthorizationExpiry(deps: NotifyDeps, input: { districtId: string; now: Date; days?: number }): Promise<SweepResult> {
  const cal = await districtCalendar(deps, input.districtId);
  const today = localDay(input.now, cal.timezone);
  const until = addDays(today, input.days ?? AUTHORIZATION_NOTICE_DAYS);
  const rows = await expiringAuthorizations(deps.db, input.districtId, today, until);
  const result: SweepResult = { sweep: 'authorization-expiry', districtId: input.districtId, notices: 0, emails: 0, details: { today, until, authorizations: rows.length } };
  if (rows.length === 0) return result;
  // The Superintendent or designee: users holding the superintendent role (the role that decides requests).
  const deciders = await usersWithRoles(deps, input.districtId, ['superintendent']);
  for (const a of rows) {
    const end = a.valid_until!;
    const days = daysBetween(today, end);
    const kind = a.type === 'spokesperson' ? 'spokesperson authorization' : 'instructional-use authorization';
    const scope = [a.network, a.activity].filter((x): x is string => x !== null && x !== '').join(', ');
    const dedupKey = `authorization-expiring:${a.id}`;
    const common = { districtId: input.districtId, event: 'authorization.expiring', dedupKey, by: CALENDAR_BY };
    const e = await notify(deps, {
      ...common,
      recipients: [a.employee_id],
      subject: `Your ${kind} ends ${longDay(end)}`,
      body: `Your ${kind}${scope ? ` (${scope})` : ''} ends on ${longDay(end)} (in ${days} day${days === 1 ? '' : 's'}). After that day, posting in that role needs a new authorization from the Superintendent or designee; you can request it in My records.`,
      link: '/records',
    });
    const s = await notify(deps, {
      ...common,
      recipients: deciders,
      subject: `${a.employee_name}'s ${kind} ends ${longDay(end)}`,
      body: `The ${kind} of ${a.employee_name}${scope ? ` (${scope})` : ''} ends on ${longDay(end)} (in ${days} day${days === 1 ? '' : 's'}). ${a.employee_name} was told; a renewal request will appear in Approvals.`,
      link: '/staff/approvals',
    });
    result.notices += e.created.length + s.created.length;
    result.emails += e.mail.queued + s.mail.queued;
  }
  return result;
}
