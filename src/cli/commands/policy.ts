// `clearpost policy [clause]`: list the rules of the pack, or print one clause's text.
import type { Command } from 'commander';
import { colorsFor } from '../colors.js';
import { loadPolicyPack } from '../../app/load-policy-pack.js';
import { ClearpostError } from '../../core/errors.js';

export function registerPolicy(program: Command): void {
  program
    .command('policy')
    .description('list the rules of the policy, or print the text of one clause (e.g. IV.A.2)')
    .argument('[clause]', 'a clause id such as I, II, III.A, IV.A, IV.A.2')
    .option('--policy <dir>', 'a policy pack folder (default: Policy 471)')
    .option('--json', 'print JSON')
    .action((clauseId: string | undefined, opts: { policy?: string; json?: boolean }) => {
      const pack = loadPolicyPack(opts.policy);
      if (clauseId !== undefined) {
        const clause = pack.clause(clauseId);
        if (clause === undefined) {
          throw new ClearpostError('unknown-clause', `clause: no clause "${clauseId}" in Policy ${pack.id}; known: ${pack.clauses.map((c) => c.id).join(', ')}`, 'clause');
        }
        const rules = pack.rules.filter((r) => r.clause.split(/,\s*/).includes(clause.id));
        if (opts.json) {
          process.stdout.write(JSON.stringify({ ...clause, rules: rules.map((r) => r.id) }, null, 2) + '\n');
          return;
        }
        process.stdout.write(`${colorsFor(process.stdout).bold(`Policy ${pack.id} ${clause.id}. ${clause.title}`)}\n\n${clause.text || '(heading only)'}\n`);
        if (rules.length > 0) process.stdout.write(`\nRules citing ${clause.id}: ${rules.map((r) => r.id).join(', ')}\n`);
        return;
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify({ id: pack.id, title: pack.title, versions: pack.versions, rules: pack.rules }, null, 2) + '\n');
        return;
      }
      const v = pack.versions.map((x) => x.effective).join(', ');
      process.stdout.write(`${colorsFor(process.stdout).bold(`Policy ${pack.id}: ${pack.title}`)}  (adopted and revised ${v})\n\n`);
      const w = Math.max(...pack.rules.map((r) => r.id.length));
      for (const r of pack.rules) {
        process.stdout.write(`  ${r.clause.padEnd(10)} ${r.id.padEnd(w)}  ${r.severity.padEnd(8)} ${r.title}\n`);
      }
    });
}
