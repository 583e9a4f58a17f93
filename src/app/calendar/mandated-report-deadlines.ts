// Mandated reports near or past their 24-hour deadline (V.C): escalation to the reporter and to designated staff (HR, the Superintendent).
// The notices name the reporter and the times only, never what was seen: e-mail is no place for it.
import { openReportsDueBy } from '../../store/repos/calendar.js';
import { notify, usersWithRoles, type NotifyDeps } from '../notify.js';
import { CALENDAR_BY, districtCalendar, localWhen, type SweepResult } from './common.js';

/** A report is "due soon" this long before its deadline. */
export const REPORT_WARNING_MS = 4 * 3_600_000;

export async function runMandatedReportDeadlines(deps: NotifyDeps, input: { districtId: string; now: Date }): Promise<SweepResult> {
  const cal = await districtCalendar(deps, input.districtId);
  const now = input.now.getTime();
  const rows = await openReportsDueBy(deps.db, input.districtId, new Date(now + REPORT_WARNING_MS).toISOString());
  const counts = { dueSoon: 0, overdue: 0 };
  const result: SweepResult = { sweep: 'mandated-report-deadlines', districtId: input.districtId, notices: 0, emails: 0, details: counts };
  if (rows.length === 0) return result;
  const designated = await usersWithRoles(deps, input.districtId, ['hr', 'superintendent']);
  for (const r of rows) {
    const overdue = Date.parse(r.due_at) <= now;
    const stage = overdue ? 'overdue' : 'due-soon';
    counts[overdue ? 'overdue' : 'dueSoon'] += 1;
    const hours = Math.abs(Date.parse(r.due_at) - now) / 3_600_000;
    const left = hours < 1 ? `${Math.max(1, Math.round(hours * 60))} min` : `${Math.round(hours * 10) / 10} h`;
    const due = localWhen(r.due_at, cal.timezone);
    const common = { districtId: input.districtId, event: `mandated-report.${stage}`, dedupKey: `mandated-report:${r.id}:${stage}`, by: CALENDAR_BY };
    const toReporter = await notify(deps, {
      ...common,
      recipients: [r.reporter_id],
      subject: overdue ? `Your mandated report is past its 24-hour deadline` : `Your mandated report is due in ${left}`,
      body: overdue
        ? `The concern you recorded (aware ${localWhen(r.aware_at, cal.timezone)}) had to be reported by ${due}; that was ${left} ago and it is still open. Report it to the authorities now and record to whom; HR and the Superintendent were told.`
        : `The concern you recorded (aware ${localWhen(r.aware_at, cal.timezone)}) must be reported by ${due}, ${left} from now. Report it to the authorities and record to whom in Report a concern.`,
      link: '/report',
    });
    const toStaff = await notify(deps, {
      ...common,
      recipients: designated,
      subject: overdue ? `Overdue mandated report by ${r.reporter_name}` : `Mandated report by ${r.reporter_name} due in ${left}`,
      body: overdue
        ? `A mandated report recorded by ${r.reporter_name} was due ${due} (${left} ago) and is still open. Please follow up with ${r.reporter_name} now.`
        : `A mandated report recorded by ${r.reporter_name} is due ${due} (${left} from now) and is still open.`,
      link: '/staff/reports',
    });
    result.notices += toReporter.created.length + toStaff.created.length;
    result.emails += toReporter.mail.queued + toStaff.mail.queued;
  }
  return result;
}
