// The rest of the records API (issue 3): people search, consents, approved tools, discipline cases, IV.E access requests,
// audit log, roster import, consent coverage and the dashboard. Each route is thin: one use case in src/app does the role check.
import type { FastifyInstance } from 'fastify';
import type { NotifyDeps } from '../../app/notify.js';
import { registerAccessRequestRoutes } from './access-requests.js';
import { registerApprovedToolRoutes } from './approved-tools.js';
import { registerAuditLogRoutes } from './audit-log.js';
import { registerConsentRoutes } from './consents.js';
import { registerDashboardRoutes } from './dashboard.js';
import { registerDisciplineRoutes } from './discipline.js';
import { registerPeopleRoutes } from './people.js';
import { registerRosterRoutes } from './roster.js';

export function registerMoreRecordRoutes(app: FastifyInstance, deps: NotifyDeps): void {
  registerPeopleRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  registerConsentRoutes(app, deps);
  registerApprovedToolRoutes(app, deps);
  registerDisciplineRoutes(app, deps);
  registerAccessRequestRoutes(app, deps);
  registerAuditLogRoutes(app, deps);
  registerRosterRoutes(app, deps);
}
