// The district-staff pages: path, label, the roles that see them (as the API's use cases allow), each loaded on first visit.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export type Role = 'employee' | 'guardian' | 'building-supervisor' | 'communications' | 'hr' | 'superintendent' | 'admin';

export const STAFF_ROLES: readonly Role[] = ['building-supervisor', 'communications', 'hr', 'superintendent', 'admin'];

export interface StaffPage {
  path: string;
  label: string;
  /** Who sees the page in the navigation; the server checks again on every request. */
  roles: readonly Role[];
  Component: LazyExoticComponent<ComponentType>;
}

/** React.lazy for a named export, so each page stays in its own chunk. */
function named<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M): LazyExoticComponent<ComponentType> {
  return lazy(() => load().then((m) => ({ default: m[name] as ComponentType })));
}

export const STAFF_PAGES: readonly StaffPage[] = [
  { path: '/staff/dashboard', label: 'Dashboard', roles: ['hr', 'superintendent', 'admin'], Component: named(() => import('../dashboard/DashboardPage'), 'DashboardPage') },
  { path: '/staff/approvals', label: 'Approvals', roles: ['superintendent'], Component: named(() => import('./ApprovalsPage'), 'ApprovalsPage') },
  { path: '/staff/access-requests', label: 'Access requests', roles: ['hr', 'superintendent'], Component: named(() => import('../access/AccessRequestsPage'), 'AccessRequestsPage') },
  { path: '/staff/consents', label: 'Consents', roles: STAFF_ROLES, Component: named(() => import('../consents/ConsentsPage'), 'ConsentsPage') },
  { path: '/staff/reports', label: 'Mandated reports', roles: ['building-supervisor', 'hr', 'superintendent'], Component: named(() => import('../report/ReportsQueuePage'), 'ReportsQueuePage') },
  { path: '/staff/tools', label: 'Approved tools', roles: STAFF_ROLES, Component: named(() => import('../tools/ApprovedToolsPage'), 'ApprovedToolsPage') },
  { path: '/staff/discipline', label: 'Discipline cases', roles: ['hr', 'superintendent'], Component: named(() => import('../discipline/DisciplinePage'), 'DisciplinePage') },
  { path: '/staff/monitoring', label: 'Monitored accounts', roles: ['building-supervisor', 'communications', 'hr', 'superintendent'], Component: named(() => import('../monitoring/MonitoringPage'), 'MonitoringPage') },
  { path: '/staff/roster', label: 'Roster import', roles: ['hr', 'admin'], Component: named(() => import('../roster/RosterImportPage'), 'RosterImportPage') },
  { path: '/staff/audit', label: 'Audit log', roles: ['hr', 'superintendent', 'admin'], Component: named(() => import('../audit/AuditLogPage'), 'AuditLogPage') },
];

export function pagesFor(roles: readonly string[]): StaffPage[] {
  return STAFF_PAGES.filter((p) => p.roles.some((r) => roles.includes(r)));
}
