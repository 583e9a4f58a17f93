// The staff summaries the web app draws (dashboard, consent coverage) and the roster import report: zod schemas the
// server answers with (and documents in OpenAPI), and their types, which the web app imports as types only.
// A contract: add fields, never rename or remove one.
import { z } from 'zod';

const Cell = z.object({ consented: z.number(), percent: z.number() });
const ByScope = z.object({ 'district-accounts': z.number(), 'personal-accounts': z.number(), print: z.number(), internal: z.number() });
const CoverageNumbers = z.object({ students: z.number(), studentImage: Cell.extend({ byScope: ByScope }), socialNetwork: Cell });
export const CoverageRow = CoverageNumbers.extend({ buildingId: z.string().nullable(), building: z.string(), grade: z.string().nullable() });
export const Coverage = z.object({
  asOf: z.string().describe('the district-local date the consents were in force on'),
  items: z.array(CoverageRow),
  totals: CoverageNumbers,
});

export const Dashboard = z.object({
  asOf: z.string(),
  timezone: z.string(),
  range: z.object({ from: z.string(), to: z.string() }),
  schoolYear: z.string(),
  checksByWeek: z.array(z.object({ week: z.string().describe('ISO week, e.g. 2026-W48'), weekStart: z.string(), allow: z.number(), revise: z.number(), block: z.number(), total: z.number() })),
  findingsByWeek: z.array(z.object({ week: z.string(), rule: z.string(), clause: z.string(), count: z.number() })),
  findingsByRule: z.array(z.object({ rule: z.string(), clause: z.string(), count: z.number() })),
  disclosuresByBuilding: z.array(z.object({ buildingId: z.string().nullable(), building: z.string(), employees: z.number(), disclosed: z.number(), percent: z.number() })),
  overdueReports: z.object({ count: z.number(), items: z.array(z.object({ id: z.string(), reporterId: z.string(), reporter: z.string(), awareAt: z.string(), dueAt: z.string(), hoursOverdue: z.number() })) }),
});

const Tally = z.object({ added: z.number(), updated: z.number(), unchanged: z.number(), deactivated: z.number() });
export const RosterImportReport = z.object({
  runId: z.string(),
  version: z.string(),
  mode: z.enum(['bulk', 'delta']),
  rows: z.record(z.string(), z.number()),
  buildings: Tally,
  people: Tally,
  links: Tally,
  problems: z.array(z.object({ file: z.string(), line: z.number(), message: z.string() })),
  ms: z.number(),
});

export type CoverageRow = z.infer<typeof CoverageRow>;
export type Coverage = z.infer<typeof Coverage>;
export type Dashboard = z.infer<typeof Dashboard>;
export type RosterImportReport = z.infer<typeof RosterImportReport>;
