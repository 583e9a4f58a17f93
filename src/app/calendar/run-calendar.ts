// Run the calendar sweeps for every district (or one): what the scheduled jobs and `clearpost calendar run` call.
import { listDistricts } from '../../store/repos/districts.js';
import type { NotifyDeps } from '../notify.js';
import { runAuthorizationExpiry } from './authorization-expiry.js';
import type { SweepResult } from './common.js';
import { runConsentExpiry } from './consent-expiry.js';
import { runDisclosureCampaign } from './disclosure-campaign.js';
import { runMandatedReportDeadlines } from './mandated-report-deadlines.js';

export const SWEEPS = {
  'disclosure-campaign': runDisclosureCampaign,
  'consent-expiry': runConsentExpiry,
  'authorization-expiry': runAuthorizationExpiry,
  'mandated-report-deadlines': runMandatedReportDeadlines,
} as const;

export type SweepName = keyof typeof SWEEPS;
export const DAILY_SWEEPS: readonly SweepName[] = ['disclosure-campaign', 'consent-expiry', 'authorization-expiry'];
export const HOURLY_SWEEPS: readonly SweepName[] = ['mandated-report-deadlines'];

/**
 * Run sweeps at `now` for each district (all, or `districtId`). A sweep that fails for one district
 * is reported in `errors` and the others still run; running again later is safe (dedup keys).
 */
export async function runCalendar(
  deps: NotifyDeps,
  input: { now: Date; sweeps?: readonly SweepName[]; districtId?: string | undefined },
): Promise<{ results: SweepResult[]; errors: Array<{ sweep: SweepName; districtId: string; error: string }> }> {
  const districts = input.districtId !== undefined ? [input.districtId] : (await listDistricts(deps.db)).map((d) => d.id);
  const results: SweepResult[] = [];
  const errors: Array<{ sweep: SweepName; districtId: string; error: string }> = [];
  for (const districtId of districts) {
    for (const sweep of input.sweeps ?? (Object.keys(SWEEPS) as SweepName[])) {
      try {
        results.push(await SWEEPS[sweep](deps, { districtId, now: input.now }));
      } catch (err) {
        errors.push({ sweep, districtId, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return { results, errors };
}
