// Staff summaries for charts: GET /api/v1/dashboard and GET /api/v1/consent-coverage, as JSON or with ?format=csv.
// The JSON shapes are a contract with the web app's charts: add fields, never rename or remove one.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { consentCoverage, dashboardSummary } from '../../app/dashboard.js';
import { Coverage, Dashboard } from '../../contracts/summaries.js';
import type { AppDeps } from '../../app/deps.js';
import { sendCsv } from '../csv.js';
import { actorOf, Day, Problem } from '../http.js';

// The shapes live in src/contracts/summaries.ts (the web app's charts import their types).
export const CoverageOut = Coverage;
export const DashboardOut = Dashboard;

const Format = z.enum(['json', 'csv']).default('json');

export function registerDashboardRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/consent-coverage',
    {
      schema: {
        tags: ['dashboard'],
        description:
          'Students with written parental consent in force today, per building and grade (student image, with its scopes, and social-network participation). Counts only; staff roles. The read is written to the audit log. ?format=csv gives one row per building and grade.',
        querystring: z.object({ buildingId: z.string().max(100).optional(), grade: z.string().max(20).optional(), format: Format }),
        response: { 200: CoverageOut, 400: Problem, 403: Problem },
      },
    },
    async (req, reply) => {
      const c = await consentCoverage(deps, actorOf(req), { buildingId: req.query.buildingId, grade: req.query.grade });
      if (req.query.format !== 'csv') return c;
      return sendCsv(
        reply,
        `consent-coverage-${c.asOf}.csv`,
        ['building_id', 'building', 'grade', 'students', 'student_image', 'student_image_percent', 'district_accounts', 'personal_accounts', 'print', 'internal', 'social_network', 'social_network_percent'],
        c.items.map((i) => [i.buildingId, i.building, i.grade, i.students, i.studentImage.consented, i.studentImage.percent, i.studentImage.byScope['district-accounts'], i.studentImage.byScope['personal-accounts'], i.studentImage.byScope.print, i.studentImage.byScope.internal, i.socialNetwork.consented, i.socialNetwork.percent]),
      );
    },
  );

  r.get(
    '/api/v1/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        description:
          'Checks per ISO week by verdict, findings by rule and clause per week and in total, this school year’s disclosures by building, overdue mandated reports. Dates are the district’s local dates; the default range is the last 12 weeks. HR, the Superintendent and admins. ?format=csv&section=checks|findings|disclosures|overdue-reports gives one section as CSV.',
        querystring: z.object({ from: Day.optional(), to: Day.optional(), format: Format, section: z.enum(['checks', 'findings', 'disclosures', 'overdue-reports']).default('checks') }),
        response: { 200: DashboardOut, 400: Problem, 403: Problem },
      },
    },
    async (req, reply) => {
      const d = await dashboardSummary(deps, actorOf(req), { from: req.query.from, to: req.query.to });
      if (req.query.format !== 'csv') return d;
      const name = `dashboard-${req.query.section}-${d.range.from}-${d.range.to}.csv`;
      switch (req.query.section) {
        case 'findings':
          return sendCsv(reply, name, ['week', 'rule', 'clause', 'count'], d.findingsByWeek.map((f) => [f.week, f.rule, f.clause, f.count]));
        case 'disclosures':
          return sendCsv(reply, name, ['school_year', 'building_id', 'building', 'employees', 'disclosed', 'percent'], d.disclosuresByBuilding.map((b) => [d.schoolYear, b.buildingId, b.building, b.employees, b.disclosed, b.percent]));
        case 'overdue-reports':
          return sendCsv(reply, name, ['id', 'reporter_id', 'reporter', 'aware_at', 'due_at', 'hours_overdue'], d.overdueReports.items.map((o) => [o.id, o.reporterId, o.reporter, o.awareAt, o.dueAt, o.hoursOverdue]));
        default:
          return sendCsv(reply, name, ['week', 'week_start', 'allow', 'revise', 'block', 'total'], d.checksByWeek.map((w) => [w.week, w.weekStart, w.allow, w.revise, w.block, w.total]));
      }
    },
  );
}
