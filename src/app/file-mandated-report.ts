// An employee records a mandated report (V.C): due 24 hours after they became aware; overdue is derived from the clock.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { getMandatedReport, insertMandatedReport, listMandatedReports } from '../store/repos/mandated-reports.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { PageRequest } from '../store/page.js';
import type { MandatedReport } from '../store/schema.js';
import { hasRole, notFound, requirePerson, requireRole, type Actor } from './access.js';
import { getPerson } from '../store/repos/people.js';
import { districtCalendar, localWhen } from './calendar/common.js';
import { auditRead, nowOf, write, type AppDeps } from './deps.js';
import { notify, usersWithRoles, type NotifyDeps } from './notify.js';

export const REPORT_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface FileMandatedReportInput {
  what: string;
  whereSeen: string;
  /** When the employee became aware (ISO 8601 with offset). */
  awareAt: string;
}

export type MandatedReportView = MandatedReport & { overdue: boolean };

export function withOverdue(r: MandatedReport, now: Date): MandatedReportView {
  return { ...r, overdue: r.status === 'open' && Date.parse(r.due_at) < now.getTime() };
}

export async function fileMandatedReport(deps: AppDeps, actor: Actor, input: FileMandatedReportInput): Promise<MandatedReportView> {
  requireRole(actor, ['employee', 'building-supervisor', 'communications', 'hr', 'superintendent'], 'file a mandated report');
  const reporter = requirePerson(actor, 'file a mandated report');
  const aware = Date.parse(input.awareAt);
  if (!/T/.test(input.awareAt) || Number.isNaN(aware)) throw new ClearpostError('invalid-request', 'awareAt: expected an ISO 8601 date-time', 'awareAt');
  if (input.what.trim() === '') throw new ClearpostError('invalid-request', 'what: required', 'what');
  const now = nowOf(deps);
  return write(deps, actor, async (w) => {
    const id = newId();
    const r = await insertMandatedReport(
      w.trx,
      actor.districtId,
      id,
      { reporter_id: reporter, what: input.what, where_seen: input.whereSeen, aware_at: new Date(aware).toISOString(), due_at: new Date(aware + REPORT_WINDOW_MS).toISOString(), reported_to: null, reported_at: null, status: 'open' },
      w.stamp,
    );
    await w.audit('mandated-report.file', 'mandated_report', id, { reporter, due: r.due_at });
    return withOverdue(r, now);
  });
}

/**
 * A new report goes to the designated staff (HR and the Superintendent) at once: an in-app notice and an e-mail that
 * name the reporter and the deadline only, never what was seen (e-mail is no place for it; the report is in the app).
 * Once per report (the notice's dedup key). The deadline sweep escalates later if it is still open.
 */
export async function routeMandatedReport(deps: NotifyDeps, actor: Actor, report: MandatedReport): Promise<{ notices: number; emails: number }> {
  const designated = await usersWithRoles(deps, report.district_id, ['hr', 'superintendent']);
  const cal = await districtCalendar(deps, report.district_id);
  const reporter = (await getPerson(deps.db, report.district_id, report.reporter_id))?.name ?? 'an employee';
  const r = await notify(deps, {
    districtId: report.district_id,
    recipients: designated,
    event: 'mandated-report.filed',
    dedupKey: `mandated-report:${report.id}:filed`,
    by: actor.id,
    subject: `New mandated report by ${reporter}, due ${localWhen(report.due_at, cal.timezone)}`,
    body: `${reporter} recorded a concern they became aware of ${localWhen(report.aware_at, cal.timezone)}. It must be reported to the authorities by ${localWhen(report.due_at, cal.timezone)}. Open Mandated reports to follow up.`,
    link: '/staff/reports',
  });
  return { notices: r.created.length, emails: r.mail.queued };
}

/** Report a concern as the web app and API do: file it, then route it to the designated staff. */
export async function reportConcern(deps: NotifyDeps, actor: Actor, input: FileMandatedReportInput): Promise<MandatedReportView> {
  const report = await fileMandatedReport(deps, actor, input);
  await routeMandatedReport(deps, actor, report);
  return report;
}

/** The report was made to the authorities (or closed): status, to whom, when. */
export async function markReportMade(deps: AppDeps, actor: Actor, input: { id: string; version?: number | undefined; reportedTo: string; reportedAt?: string | undefined; close?: boolean }): Promise<MandatedReportView> {
  const r = await getMandatedReport(deps.db, actor.districtId, input.id);
  if (r === undefined || (r.reporter_id !== actor.personId && !hasRole(actor, ['hr', 'superintendent', 'building-supervisor']))) throw notFound('mandated report', input.id);
  return write(deps, actor, async (w) => {
    const u = await updateVersioned(
      w.trx,
      'mandated_reports',
      { districtId: actor.districtId, id: input.id, version: input.version ?? r.version },
      { reported_to: input.reportedTo, reported_at: input.reportedAt ?? w.stamp.at, status: input.close === true ? 'closed' : 'reported' },
      w.stamp,
    );
    await w.audit('mandated-report.report', 'mandated_report', input.id, { reportedTo: input.reportedTo, late: Date.parse(input.reportedAt ?? w.stamp.at) > Date.parse(r.due_at) });
    return withOverdue(u as MandatedReport, nowOf(deps));
  });
}

export async function listMandatedReportsFor(deps: AppDeps, actor: Actor, f: { overdueOnly?: boolean | undefined; page?: PageRequest | undefined } = {}): Promise<MandatedReportView[]> {
  const now = nowOf(deps);
  const filter = { ...(f.overdueOnly === true ? { overdueAt: now.toISOString() } : {}), page: f.page };
  const staff = hasRole(actor, ['hr', 'superintendent', 'building-supervisor']);
  const rows = staff
    ? await listMandatedReports(deps.db, actor.districtId, filter)
    : actor.personId === undefined
      ? []
      : await listMandatedReports(deps.db, actor.districtId, { ...filter, reporterId: actor.personId });
  // A report tells what was seen about a child: staff reading others' reports is logged like other student reads.
  if (staff) await auditRead(deps, actor, 'mandated-report', rows.filter((r) => r.reporter_id !== actor.personId).map((r) => r.id), { list: true });
  return rows.map((r) => withOverdue(r, now));
}
