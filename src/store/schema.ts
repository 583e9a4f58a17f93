// The tables of the records store as Kysely types: one source of truth for repositories and migrations.
import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Columns every record carries: its tenant, who made and last changed it and when, and a version
 * for optimistic concurrency (If-Match). Times are ISO 8601 UTC strings on both databases, JSON is
 * text, booleans are 0/1 integers: one representation for SQLite and PostgreSQL.
 */
export interface RecordColumns {
  id: string;
  district_id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  version: number;
}

export interface DistrictsTable {
  id: string;
  name: string;
  slug: string;
  /** JSON: the check contract's district fields other than buildings and tools (aliases, timezone, dutyHours ...). */
  settings: string;
  /** Bumped by every write that changes what a check knows; run-check's context cache keys on it. */
  records_rev: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  version: number;
}

export interface BuildingsTable extends RecordColumns {
  sourced_id: string | null;
  name: string;
  kind: string;
  aliases: string | null;
  lat: number | null;
  lon: number | null;
  radius_m: number | null;
  active: number;
}

export type PersonKind = 'employee' | 'student' | 'guardian';

export interface PeopleTable extends RecordColumns {
  kind: PersonKind;
  sourced_id: string | null;
  name: string;
  given_name: string | null;
  family_name: string | null;
  aliases: string | null;
  email: string | null;
  username: string | null;
  title: string | null;
  student_number: string | null;
  grade: string | null;
  building_id: string | null;
  active: number;
}

export interface GuardianLinksTable extends RecordColumns {
  guardian_id: string;
  student_id: string;
  relationship: string | null;
  source: string;
  active: number;
}

export type ConsentType = 'student-image' | 'coworker-image' | 'social-network-participation';

export interface ConsentsTable extends RecordColumns {
  type: ConsentType;
  subject_id: string;
  grantee_id: string | null;
  written: number;
  /** Who gave it: 'parent' (a guardian for a student), 'self' (an employee for themself). */
  granted_by: string;
  granted_by_person_id: string | null;
  scope: string | null;
  network: string | null;
  valid_from: string;
  valid_until: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  form_sha256: string | null;
  form_path: string | null;
  signer_name: string | null;
  signed_at: string | null;
  signer_ip: string | null;
  signer_user_agent: string | null;
  text_hash: string | null;
}

export interface ConsentEventsTable extends RecordColumns {
  consent_id: string;
  event: string;
  details: string;
}

export type AuthorizationType = 'spokesperson' | 'instructional-use';
export type AuthorizationStatus = 'requested' | 'approved' | 'denied' | 'revoked';

export interface AuthorizationsTable extends RecordColumns {
  type: AuthorizationType;
  employee_id: string;
  requested_by: string;
  status: AuthorizationStatus;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  network: string | null;
  activity: string | null;
  valid_from: string | null;
  valid_until: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface ApprovedToolsTable extends RecordColumns {
  network: string;
  name: string;
  cipa_compliant: number;
  password_protected: number;
  active: number;
}

export interface DisclosuresTable extends RecordColumns {
  employee_id: string;
  school_year: string;
  groups: string;
  superseded_by: string | null;
}

export interface ChecksTable extends RecordColumns {
  author_id: string | null;
  request: string;
  request_sha256: string;
  verdict: string;
  findings: string;
  response: string;
  policy_id: string;
  policy_version: string;
  engine_version: string;
  decided_at: string;
}

export type ReportStatus = 'open' | 'reported' | 'closed';

export interface MandatedReportsTable extends RecordColumns {
  reporter_id: string;
  what: string;
  where_seen: string;
  aware_at: string;
  due_at: string;
  reported_to: string | null;
  reported_at: string | null;
  status: ReportStatus;
}

export type DisciplineOutcome = 'none' | 'verbal-warning' | 'written-warning' | 'suspension' | 'termination';

export interface DisciplineCasesTable extends RecordColumns {
  employee_id: string;
  summary: string;
  check_ids: string;
  report_ids: string;
  outcome: DisciplineOutcome | null;
  status: 'open' | 'closed';
  closed_at: string | null;
}

export interface MonitoredAccountsTable extends RecordColumns {
  employee_id: string | null;
  network: string;
  handle: string | null;
  url: string | null;
  requested_by: string;
  reason: string;
  active: number;
  /** Migration 0005: the RSS/Atom/JSON feed polled for this account (null: registered, not polled). */
  feed_url: string | null;
  /** 'personal' (an employee's site, IV.E) or 'district' (an account the district runs). */
  account_kind: 'personal' | 'district';
  poll_interval_seconds: number;
  /** Poller bookkeeping (changed without a version bump): validators of the last 200, outcome, consecutive failures. */
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  last_poll_status: string | null;
  last_poll_error: string | null;
  failures: number;
  next_poll_at: string | null;
}

/** Items of a monitored feed taken for checking (migration 0005): the key is the dedup. */
export interface MonitoringSeenItemsTable {
  account_id: string;
  /** sha256 of the item's guid (or link, or text when it has neither). */
  item_key: string;
  district_id: string;
  guid: string | null;
  link: string | null;
  claimed_at: string;
  checked_at: string | null;
  check_id: string | null;
  verdict: string | null;
}

export type ReviewStatus = 'open' | 'dismissed' | 'incident' | 'case';

/** The review queue of monitored items that were not `allow` (migration 0005). */
export interface ReviewItemsTable extends RecordColumns {
  account_id: string;
  item_key: string;
  item_url: string | null;
  item_guid: string | null;
  published_at: string | null;
  excerpt: string;
  check_id: string | null;
  verdict: 'revise' | 'block';
  /** JSON array of the check's findings. */
  findings: string;
  status: ReviewStatus;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  case_id: string | null;
}

/** SQLite's job queue (migration 0005); pg-boss has its own schema on PostgreSQL. */
export interface JobsTable {
  id: string;
  name: string;
  data: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'failed';
  singleton_key: string | null;
  start_after: string;
  retry_limit: number;
  retry_count: number;
  retry_delay: number;
  retry_backoff: number;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  output: string | null;
}

export interface JobSchedulesTable {
  name: string;
  cron: string;
  tz: string;
  data: string;
  last_fired_at: string | null;
  created_at: string;
  updated_at: string;
}

export type AccessProcess = 'selection' | 'promotion' | 'discipline';
export type AccessStatus = 'requested' | 'provided' | 'declined' | 'withdrawn';

export interface AccessRequestsTable extends RecordColumns {
  employee_id: string;
  process: AccessProcess;
  network: string | null;
  site: string | null;
  requested_by: string;
  reason: string;
  status: AccessStatus;
  responded_at: string | null;
}

export interface ImportRunsTable extends RecordColumns {
  source: string;
  format: string;
  mode: string;
  counts: string;
  problems: string;
  finished_at: string;
}

export interface AuditLogTable {
  district_id: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** The head of each district's chain: the lock point that serialises appends. */
export interface AuditHeadsTable {
  district_id: string;
  seq: number;
  hash: string;
}

export interface DB {
  districts: DistrictsTable;
  buildings: BuildingsTable;
  people: PeopleTable;
  guardian_links: GuardianLinksTable;
  consents: ConsentsTable;
  consent_events: ConsentEventsTable;
  authorizations: AuthorizationsTable;
  approved_tools: ApprovedToolsTable;
  disclosures: DisclosuresTable;
  checks: ChecksTable;
  mandated_reports: MandatedReportsTable;
  discipline_cases: DisciplineCasesTable;
  monitored_accounts: MonitoredAccountsTable;
  access_requests: AccessRequestsTable;
  import_runs: ImportRunsTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  consent_requests: ConsentRequestsTable;
  monitoring_seen_items: MonitoringSeenItemsTable;
  review_items: ReviewItemsTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  notifications: NotificationsTable;
  mail_outbox: MailOutboxTable;
  idempotency_keys: IdempotencyKeysTable;
}

/** Idempotency-Key of creating POSTs (migration 0007): the first answer, replayed for 24 hours. A cache, not a record: expired rows are deleted. */
export interface IdempotencyKeysTable {
  district_id: string;
  actor: string;
  key: string;
  route: string;
  request_sha256: string;
  status: number | null;
  response: string | null;
  content_type: string | null;
  created_at: string;
  expires_at: string;
}

/** Guardian e-consent signing links (migration 0003). status: requested | signed | declined. */
export interface ConsentRequestsTable {
  id: string;
  district_id: string;
  token_sha256: string;
  student_id: string;
  guardian_id: string;
  type: ConsentType;
  scope: string | null;
  network: string | null;
  valid_from: string;
  valid_until: string | null;
  text: string;
  expires_at: string;
  status: string;
  consent_id: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

/** Sign-in (migration 0002_auth). roles is a JSON array of role names. */
export interface UsersTable {
  id: string;
  district_id: string;
  email: string;
  name: string;
  person_id: string | null;
  roles: string;
  password_hash: string | null;
  oidc_subject: string | null;
  active: Generated<number>;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  version: Generated<number>;
}

export interface SessionsTable {
  id: string;
  token_sha256: string;
  district_id: string;
  user_id: string;
  csrf: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  token_sha256: string;
  district_id: string;
  name: string;
  roles: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

export type User = Selectable<UsersTable>;

export type District = Selectable<DistrictsTable>;
export type Building = Selectable<BuildingsTable>;
export type Person = Selectable<PeopleTable>;
export type GuardianLink = Selectable<GuardianLinksTable>;
export type Consent = Selectable<ConsentsTable>;
export type ConsentEvent = Selectable<ConsentEventsTable>;
export type Authorization = Selectable<AuthorizationsTable>;
export type ApprovedTool = Selectable<ApprovedToolsTable>;
export type Disclosure = Selectable<DisclosuresTable>;
export type CheckRecord = Selectable<ChecksTable>;
export type MandatedReport = Selectable<MandatedReportsTable>;
export type DisciplineCase = Selectable<DisciplineCasesTable>;
export type MonitoredAccount = Selectable<MonitoredAccountsTable>;
export type ReviewItem = Selectable<ReviewItemsTable>;
export type JobRow = Selectable<JobsTable>;
export type AccessRequest = Selectable<AccessRequestsTable>;
export type ImportRun = Selectable<ImportRunsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type NewPerson = Insertable<PeopleTable>;

/** In-app notices (migration 0006): one per (district, recipient, dedup_key). recipient: a person id, or a user id for a user without a person. */
export interface NotificationsTable extends RecordColumns {
  recipient: string;
  event: string;
  dedup_key: string;
  subject: string;
  body: string;
  link: string | null;
  read_at: string | null;
}

/** One e-mail per notification to send (migration 0006); retried with backoff until sent or failed. */
export interface MailOutboxTable extends RecordColumns {
  notification_id: string;
  to_address: string;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  claimed_until: string | null;
  sent_at: string | null;
  message_id: string | null;
}

export type Notification = Selectable<NotificationsTable>;
export type MailOutboxRow = Selectable<MailOutboxTable>;
