// HR or the Superintendent opens a discipline case (V.D) on the findings and reports it rests on, and closes it with an outcome.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { countChecks, getCheck } from '../store/repos/checks.js';
import { getDisciplineCase, insertDisciplineCase, listDisciplineCases } from '../store/repos/discipline-cases.js';
import { countReports, getMandatedReport } from '../store/repos/mandated-reports.js';
import { getPerson } from '../store/repos/people.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { PageRequest } from '../store/page.js';
import type { DisciplineCase, DisciplineOutcome } from '../store/schema.js';
import { hasRole, notFound, requireRole, type Actor } from './access.js';
import { auditRead, write, type AppDeps } from './deps.js';

export const OUTCOMES: readonly DisciplineOutcome[] = ['none', 'verbal-warning', 'written-warning', 'suspension', 'termination'];

export interface OpenDisciplineCaseInput {
  employeeId: string;
  summary: string;
  checkIds?: readonly string[] | undefined;
  reportIds?: readonly string[] | undefined;
}

export async function openDisciplineCase(deps: AppDeps, actor: Actor, input: OpenDisciplineCaseInput): Promise<DisciplineCase> {
  requireRole(actor, ['hr', 'superintendent'], 'open a discipline case');
  const emp = await getPerson(deps.db, actor.districtId, input.employeeId);
  if (emp === undefined || emp.kind !== 'employee') throw notFound('person', input.employeeId);
  const checkIds = [...new Set(input.checkIds ?? [])];
  const reportIds = [...new Set(input.reportIds ?? [])];
  if ((await countChecks(deps.db, actor.districtId, checkIds)) !== checkIds.length) throw new ClearpostError('invalid-request', 'checkIds: a check is not in this district', 'checkIds');
  if ((await countReports(deps.db, actor.districtId, reportIds)) !== reportIds.length) throw new ClearpostError('invalid-request', 'reportIds: a report is not in this district', 'reportIds');
  return write(deps, actor, async (w) => {
    const id = newId();
    const c = await insertDisciplineCase(w.trx, actor.districtId, id, { employee_id: input.employeeId, summary: input.summary, check_ids: JSON.stringify(checkIds), report_ids: JSON.stringify(reportIds), outcome: null, status: 'open', closed_at: null }, w.stamp);
    await w.audit('discipline-case.open', 'discipline_case', id, { employee: input.employeeId, checks: checkIds, reports: reportIds });
    return c;
  });
}

export async function closeDisciplineCase(deps: AppDeps, actor: Actor, input: { id: string; version?: number | undefined; outcome: DisciplineOutcome }): Promise<DisciplineCase> {
  requireRole(actor, ['hr', 'superintendent'], 'close a discipline case');
  if (!OUTCOMES.includes(input.outcome)) throw new ClearpostError('invalid-request', `outcome: one of ${OUTCOMES.join(', ')}`, 'outcome');
  const c = await getDisciplineCase(deps.db, actor.districtId, input.id);
  if (c === undefined) throw notFound('discipline case', input.id);
  if (c.status === 'closed') throw new ClearpostError('conflict', `discipline case ${input.id} is already closed`);
  return write(deps, actor, async (w) => {
    const u = await updateVersioned(w.trx, 'discipline_cases', { districtId: actor.districtId, id: input.id, version: input.version ?? c.version }, { outcome: input.outcome, status: 'closed', closed_at: w.stamp.at }, w.stamp);
    await w.audit('discipline-case.close', 'discipline_case', input.id, { outcome: input.outcome });
    return u as DisciplineCase;
  });
}

/** Set or change the outcome (from none to termination), optionally closing the case; If-Match version required. */
export async function setDisciplineOutcome(deps: AppDeps, actor: Actor, input: { id: string; version: number; outcome: DisciplineOutcome; close?: boolean | undefined }): Promise<DisciplineCase> {
  requireRole(actor, ['hr', 'superintendent'], 'set a discipline outcome');
  if (!OUTCOMES.includes(input.outcome)) throw new ClearpostError('invalid-request', `outcome: one of ${OUTCOMES.join(', ')}`, 'outcome');
  const c = await getDisciplineCase(deps.db, actor.districtId, input.id);
  if (c === undefined) throw notFound('discipline case', input.id);
  if (c.status === 'closed') throw new ClearpostError('conflict', `discipline case ${input.id} is closed (outcome ${c.outcome ?? 'none'})`);
  return write(deps, actor, async (w) => {
    const close = input.close === true;
    const u = await updateVersioned(w.trx, 'discipline_cases', { districtId: actor.districtId, id: input.id, version: input.version }, { outcome: input.outcome, ...(close ? { status: 'closed' as const, closed_at: w.stamp.at } : {}) }, w.stamp);
    await w.audit(close ? 'discipline-case.close' : 'discipline-case.outcome', 'discipline_case', input.id, { outcome: input.outcome, previous: c.outcome });
    return u as DisciplineCase;
  });
}

/** One case: HR and the Superintendent any; the employee their own. */
export async function viewDisciplineCase(deps: AppDeps, actor: Actor, id: string): Promise<DisciplineCase> {
  const c = await getDisciplineCase(deps.db, actor.districtId, id);
  const own = c !== undefined && hasRole(actor, ['employee']) && actor.personId !== undefined && c.employee_id === actor.personId;
  if (c === undefined || (!own && !hasRole(actor, ['hr', 'superintendent']))) throw notFound('discipline case', id);
  // A case quotes findings and mandated reports that may be about a student: staff reading one is logged.
  if (!own) await auditRead(deps, actor, 'discipline-case', [c.id]);
  return c;
}

export interface CaseEvidence {
  checks: Array<{ id: string; verdict: string; decidedAt: string; policyVersion: string; findings: Array<{ rule: string; clause: string; severity: string; message: string }> }>;
  reports: Array<{ id: string; status: string; awareAt: string; dueAt: string; reportedAt: string | null }>;
}

/** What a case rests on: the referenced checks with their findings, and the referenced mandated reports. */
export async function disciplineCaseEvidence(deps: AppDeps, actor: Actor, c: DisciplineCase): Promise<CaseEvidence> {
  const checkIds = JSON.parse(c.check_ids) as string[];
  const reportIds = JSON.parse(c.report_ids) as string[];
  const checks = (await Promise.all(checkIds.map((id) => getCheck(deps.db, actor.districtId, id)))).filter((x) => x !== undefined);
  const reports = (await Promise.all(reportIds.map((id) => getMandatedReport(deps.db, actor.districtId, id)))).filter((x) => x !== undefined);
  return {
    checks: checks.map((k) => ({
      id: k.id,
      verdict: k.verdict,
      decidedAt: k.decided_at,
      policyVersion: k.policy_version,
      findings: (JSON.parse(k.findings) as Array<{ rule: string; clause: string; severity: string; message: string }>).map((f) => ({ rule: f.rule, clause: f.clause, severity: f.severity, message: f.message })),
    })),
    reports: reports.map((r) => ({ id: r.id, status: r.status, awareAt: r.aware_at, dueAt: r.due_at, reportedAt: r.reported_at })),
  };
}

export async function listDisciplineCasesFor(deps: AppDeps, actor: Actor, f: { employeeId?: string | undefined; status?: 'open' | 'closed' | undefined; page?: PageRequest | undefined } = {}): Promise<DisciplineCase[]> {
  if (hasRole(actor, ['hr', 'superintendent'])) {
    const cases = await listDisciplineCases(deps.db, actor.districtId, f);
    await auditRead(deps, actor, 'discipline-case', cases.filter((k) => k.employee_id !== actor.personId).map((k) => k.id), { list: true });
    return cases;
  }
  if (actor.personId === undefined || !hasRole(actor, ['employee'])) return [];
  if (f.employeeId !== undefined && f.employeeId !== actor.personId) return [];
  return listDisciplineCases(deps.db, actor.districtId, { ...f, employeeId: actor.personId });
}
