// CLI entry: commander program; each command lives in commands/<name>.ts and registers itself here.
import { Command, CommanderError } from 'commander';
import { ClearpostError } from '../core/errors.js';
import { EXIT } from './exit-codes.js';
type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when needed: `clearpost audit` need not load the server, the database
 * drivers and the image libraries (loading them all cost ~4 s of CPU through tsx).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  check: async () => (await import('./commands/check.js')).registerCheck,
  policy: async () => (await import('./commands/policy.js')).registerPolicy,
  audit: async () => (await import('./commands/audit.js')).registerAudit,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  import: async () => (await import('./commands/import.js')).registerImport,
  'audit-log': async () => (await import('./commands/audit-log.js')).registerAuditLog,
  backup: async () => (await import('./commands/backup.js')).registerBackup,
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  scrub: async () => (await import('./commands/scrub.js')).registerScrub,
  calendar: async () => (await import('./commands/calendar.js')).registerCalendar,
};

/** The program with the command argv names (its first argument), or with every command (help, unknown names). */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('clearpost')
    .description('Policy 471 (Employee Use of Social Media) as software')
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s) });
  const name = argv[2];
  const names = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  for (const register of await Promise.all(names.map((n) => COMMANDS[n]!()))) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = await buildProgram(argv);
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
