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
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.string().url().optional(),
});

const OIDC_KEYS = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;

export interface Config {
  port: number;
  host: string;
  /** postgres://... or undefined for the embedded SQLite file. */
  databaseUrl: string | undefined;
  sqliteFile: string | undefined;
  cookieSecure: boolean;
  webDir: string;
  demo: boolean;
  /** District SSO (OpenID Connect), when all four OIDC_* variables are set. */
  oidc: { issuer: string; clientId: string; clientSecret: string; redirectUri: string } | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Readonly<Config> {
  const merged: Record<string, string | undefined> = { ...env };
  if (fs.existsSync(envFile)) {
    const parsed = dotenv.parse(fs.readFileSync(envFile));
    for (const [k, v] of Object.entries(parsed)) if (merged[k] === undefined) merged[k] = v;
  }
  for (const k of OIDC_KEYS) if (merged[k] === '') delete merged[k];
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
  return Object.freeze({
    port: c.PORT,
    host: c.HOST,
    databaseUrl: url !== undefined && url.startsWith('postgres') ? url : undefined,
    sqliteFile: url !== undefined && url.startsWith('file:') ? url.slice(5) : undefined,
    cookieSecure: c.COOKIE_SECURE === 'true',
    webDir: c.WEB_DIR,
    demo: c.DEMO === 'true',
    oidc: missing.length === 0 ? { issuer: c.OIDC_ISSUER!, clientId: c.OIDC_CLIENT_ID!, clientSecret: c.OIDC_CLIENT_SECRET!, redirectUri: c.OIDC_REDIRECT_URI! } : undefined,
  });
}
