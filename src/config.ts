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
});

export interface Config {
  port: number;
  host: string;
  /** postgres://... or undefined for the embedded SQLite file. */
  databaseUrl: string | undefined;
  sqliteFile: string | undefined;
  cookieSecure: boolean;
  webDir: string;
  demo: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Readonly<Config> {
  const merged: Record<string, string | undefined> = { ...env };
  if (fs.existsSync(envFile)) {
    const parsed = dotenv.parse(fs.readFileSync(envFile));
    for (const [k, v] of Object.entries(parsed)) if (merged[k] === undefined) merged[k] = v;
  }
  const r = Schema.safeParse(merged);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const field = i.path.join('.');
    throw new ClearpostError('invalid-request', `configuration: ${field}: ${i.message}`, field);
  }
  const c = r.data;
  const url = c.DATABASE_URL === '' ? undefined : c.DATABASE_URL;
  return Object.freeze({
    port: c.PORT,
    host: c.HOST,
    databaseUrl: url !== undefined && url.startsWith('postgres') ? url : undefined,
    sqliteFile: url !== undefined && url.startsWith('file:') ? url.slice(5) : undefined,
    cookieSecure: c.COOKIE_SECURE === 'true',
    webDir: c.WEB_DIR,
    demo: c.DEMO === 'true',
  });
}
