// The rest of the records API (issue 3): people search, consents, approved tools, discipline cases, IV.E access requests,
// audit log, roster import, consent coverage and the dashboard. Each route is thin: one use case in src/app does the role check.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app/deps.js';
import { registerDashboardRoutes } from './dashboard.js';
import { registerPeopleRoutes } from './people.js';

export function registerMoreRecordRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerPeopleRoutes(app, deps);
  registerDashboardRoutes(app, deps);
}
