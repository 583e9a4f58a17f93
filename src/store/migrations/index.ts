// The one migration list for SQLite and PostgreSQL, in order. Append new files; never edit a shipped one.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_records.js';
import * as m0002 from './0002_auth.js';
import * as m0003 from './0003_consent_requests.js';
import * as m0005 from './0005_monitoring_jobs.js';
import * as m0006 from './0006_notifications.js';
import * as m0007 from './0007_idempotency.js';

/** Name → migration. Other parts of Clearpost (users, sessions, tokens) append their own entries here. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_records': m0001,
  '0002_auth': m0002,
  '0003_consent_requests': m0003,
  '0005_monitoring_jobs': m0005,
  '0006_notifications': m0006,
  '0007_idempotency': m0007,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
