// CLI entry: commander program; each command lives in commands/<name>.ts and registers itself here.
import { Command, CommanderError } from 'commander';
import { ClearpostError } from '../core/errors.js';
import { EXIT } from './exit-codes.js';
import { registerCheck } from './commands/check.js';
import { registerPolicy } from './commands/policy.js';
import { registerAudit } from './commands/audit.js';
import { registerServe } from './commands/serve.js';
import { registerImport } from './commands/import.js';
import { registerAuditLog } from './commands/audit-log.js';
import { registerBackup } from './commands/backup.js';
import { registerDemo } from './commands/demo.js';
import { registerScrub } from './commands/scrub.js';
import { registerCalendar } from './commands/calendar.js';

export function buildProgram(): Command {
  const program = new Command('clearpost')
    .description('Policy 471 (Employee Use of Social Media) as software')
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s) });
  registerCheck(program);
  registerPolicy(program);
  registerAudit(program);
  registerServe(program);
  registerImport(program);
  registerAuditLog(program);
  registerBackup(program);
  registerDemo(program);
  registerScrub(program);
  registerCalendar(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : EXIT.badInput;
      return;
    }
    if (err instanceof ClearpostError) {
      process.stderr.write(`clearpost: ${err.message}\n`);
      process.exitCode = err.code.startsWith('invalid') || err.code === 'unknown-clause' ? EXIT.badInput : EXIT.failure;
      return;
    }
    process.stderr.write(`clearpost: ${(err as Error).message}\n`);
    process.exitCode = EXIT.failure;
  }
}
