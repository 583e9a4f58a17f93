// Reading a context file (the context itself, or a whole request carrying one), validated: the check and audit commands and their workers.
import fs from 'node:fs';
import type { Context } from '../contracts/check.js';
import { parseContext, parseJson } from './parse-check-request.js';
import { ClearpostError } from '../core/errors.js';

/** A whole file, or stdin for "-", as text; a read error becomes a ClearpostError naming the file. */
export function readInput(file: string): string {
  try {
    return file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ClearpostError('invalid-request', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** A context file: the context itself, or a whole request carrying one. */
export function loadContextFile(file: string | undefined): Context | undefined {
  if (file === undefined) return undefined;
  const raw = parseJson(readInput(file), `context file ${file}`);
  const ctx = typeof raw === 'object' && raw !== null && 'context' in raw && !('district' in raw) ? (raw as { context: unknown }).context : raw;
  return parseContext(ctx);
}
