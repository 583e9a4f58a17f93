// Configuration from the environment (and a .env file), validated once at start, typed and frozen.
import fs from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ClearpostError } from './core/errors.js';

const Schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .refine((s) => /^postgres(ql)?:\/\//.test(s) || s.startsWith('file:') || s === '', 'expected postgres://... or file:PATH')
    .optional(),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  WEB_DIR: z.string().default('web/dist'),
  DEMO: z.enum(['true', 'false']).default('true'),
  MONITOR_PRIVATE_NETWORKS: z.enum(['true', 'false']).default('false'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.string().url().optional(),
  PUBLIC_URL: z.string().url().refine((s) => /^https?:\/\//.test(s), 'expected http(s)://...').optional(),
  SMTP_URL: z.string().refine((s) => /^smtps?:\/\/[^/]+/.test(s), 'expected smtp://[user:pass@]host[:port] or smtps://...').optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURE: z.enum(['true', 'false']).optional(),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASS: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).optional(),
});

const OIDC_KEYS = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
const OPTIONAL_KEYS = [...OIDC_KEYS, 'PUBLIC_URL', 'SMTP_URL', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE', 'SMTP_USER', 'SMTP_PASS', 'SMTP_FROM'] as const;

/** Outgoing e-mail (SMTP). The password is not enumerable, so logging or serialising the config never shows it. */
export interface MailConfig {
  host: string;
  port: number;
  /** TLS from the start (smtps, port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | undefined;
  readonly pass: string | undefined;
  /** The From address, e.g. "Clearpost <no-reply@district.example>". */
  from: string;
}

export interface Config {
  port: number;
  host: string;
  /** postgres://... or undefined for the embedded SQLite file. */
  databaseUrl: string | undefined;
  sqliteFile: string | undefined;
  cookieSecure: boolean;
  webDir: string;
  demo: boolean;
  /** IV.E monitoring may fetch feeds on loopback/private addresses (intranet sites); off by default. */
  monitorPrivateNetworks: boolean;
  /** District SSO (OpenID Connect), when all four OIDC_* variables are set. */
  oidc: { issuer: string; clientId: string; clientSecret: string; redirectUri: string } | undefined;
  /** Where people reach the web app (links in e-mails). Default: http://HOST:PORT. */
  publicUrl: string;
  /** Outgoing e-mail, when SMTP_URL or SMTP_HOST is set; otherwise notices stay in-app and e-mails wait in the outbox. */
  mail: MailConfig | undefined;
}

function fail(field: string, message: string): never {
  throw new ClearpostError('invalid-request', `configuration: ${field}: ${message}`, field);
}

function mailConfig(c: z.infer<typeof Schema>): MailConfig | undefined {
  if (c.SMTP_URL === undefined && c.SMTP_HOST === undefined) {
    const stray = (['SMTP_PORT', 'SMTP_SECURE', 'SMTP_USER', 'SMTP_PASS', 'SMTP_FROM'] as const).find((k) => c[k] !== undefined);
    if (stray !== undefined) fail(stray, 'e-mail needs SMTP_URL or SMTP_HOST as well');
    return undefined;
  }
  if (c.SMTP_URL !== undefined && c.SMTP_HOST !== undefined) fail('SMTP_HOST', 'set SMTP_URL or SMTP_HOST, not both');
  let host: string;
  let port: number | undefined = c.SMTP_PORT;
  let secure = c.SMTP_SECURE === undefined ? undefined : c.SMTP_SECURE === 'true';
  let user = c.SMTP_USER;
  let pass = c.SMTP_PASS;
  if (c.SMTP_URL !== undefined) {
    let u: URL;
    try {
      u = new URL(c.SMTP_URL);
    } catch {
      fail('SMTP_URL', 'expected smtp://[user:pass@]host[:port] or smtps://...');
    }
    host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    if (host === '') fail('SMTP_URL', 'names no host');
    secure ??= u.protocol === 'smtps:';
    if (u.port !== '') port ??= Number(u.port);
    if (u.username !== '') user ??= decodeURIComponent(u.username);
    if (u.password !== '') pass ??= decodeURIComponent(u.password);
  } else {
    host = c.SMTP_HOST!;
  }
  secure ??= port === 465;
  port ??= secure ? 465 : 587;
  if (user !== undefined && pass === undefined) fail('SMTP_PASS', 'SMTP_USER is set but no password');
  if (pass !== undefined && user === undefined) fail('SMTP_USER', 'SMTP_PASS is set but no user name');
  if (c.SMTP_FROM === undefined) fail('SMTP_FROM', 'the From address of e-mails is required when SMTP is configured');
  if (!/@[^@\s>]+>?\s*$/.test(c.SMTP_FROM)) fail('SMTP_FROM', 'expected an e-mail address, e.g. "Clearpost <no-reply@district.example>"');
  const mail = { host, port, secure, user, from: c.SMTP_FROM } as MailConfig;
  Object.defineProperty(mail, 'pass', { value: pass, enumerable: false });
  return Object.freeze(mail);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Readonly<Config> {
  const merged: Record<string, string | undefined> = { ...env };
  if (fs.existsSync(envFile)) {
    const parsed = dotenv.parse(fs.readFileSync(envFile));
    for (const [k, v] of Object.entries(parsed)) if (merged[k] === undefined) merged[k] = v;
  }
  for (const k of OPTIONAL_KEYS) if (merged[k] === '') delete merged[k];
  const r = Schema.safeParse(merged);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const field = i.path.join('.');
    throw new ClearpostError('invalid-request', `configuration: ${field}: ${i.message}`, field);
  }
  const c = r.data;
  const missing = OIDC_KEYS.filter((k) => c[k] === undefined);
  if (missing.length > 0 && missing.length < OIDC_KEYS.length) {
    throw new ClearpostError('invalid-request', `configuration: ${missing[0]}: district SSO needs all of ${OIDC_KEYS.join(', ')} (or none); missing ${missing.join(', ')}`, missing[0]);
  }
  const url = c.DATABASE_URL === '' ? undefined : c.DATABASE_URL;
  const mail = mailConfig(c);
  return Object.freeze({
    port: c.PORT,
    host: c.HOST,
    databaseUrl: url !== undefined && url.startsWith('postgres') ? url : undefined,
    sqliteFile: url !== undefined && url.startsWith('file:') ? url.slice(5) : undefined,
    cookieSecure: c.COOKIE_SECURE === 'true',
    webDir: c.WEB_DIR,
    demo: c.DEMO === 'true',
    monitorPrivateNetworks: c.MONITOR_PRIVATE_NETWORKS === 'true',
    oidc: missing.length === 0 ? { issuer: c.OIDC_ISSUER!, clientId: c.OIDC_CLIENT_ID!, clientSecret: c.OIDC_CLIENT_SECRET!, redirectUri: c.OIDC_REDIRECT_URI! } : undefined,
    publicUrl: (c.PUBLIC_URL ?? `http://${c.HOST.includes(':') ? `[${c.HOST}]` : c.HOST}:${c.PORT}`).replace(/\/+$/, ''),
    mail,
  });
}
