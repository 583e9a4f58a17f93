// `clearpost audit PATH`: check every post of an exported archive or feed; reports in HTML, CSV and JSON.
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { auditArchive } from '../../app/audit-archive.js';
import { ClearpostError } from '../../core/errors.js';

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('check every post of an X, Mastodon, Facebook, Instagram or Bluesky export, a feed or a CSV (exit 0 all allowed, 1 some revise, 2 some block, 3 unreadable)')
    .argument('<path>', 'archive (zip or folder) or file')
    .option('--out <dir>', 'where the reports go (default: beside the archive, <name>.clearpost/)')
    .option('--context <file>', 'context (district, people, consents ...)')
    .option('--policy <dir>', 'a policy pack folder (default: Policy 471)')
    .option('--author <id>', 'author id of the account, from the context')
    .option('--account-kind <kind>', 'personal or district', 'personal')
    .option('--format <list>', 'reports to write: html,csv,json', 'html,csv,json')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--photos', 'also analyse the photos posts reference when the export carries the files (faces, EXIF time and GPS, text, floor plans; about 0.2 s of CPU per photo, seconds for a page of text)')
    .action(async (p: string, opts: { out?: string; context?: string; policy?: string; author?: string; accountKind: string; format: string; workers?: string; photos?: boolean }) => {
      if (opts.accountKind !== 'personal' && opts.accountKind !== 'district') throw new ClearpostError('invalid-request', '--account-kind: must be personal or district', 'account-kind');
      const formats = opts.format.split(',').map((s) => s.trim());
      for (const f of formats) if (!['html', 'csv', 'json'].includes(f)) throw new ClearpostError('invalid-request', `--format: unknown report format "${f}"`, 'format');
      const workers = opts.workers === undefined ? undefined : Number(opts.workers);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 64)) throw new ClearpostError('invalid-request', '--workers: a whole number from 1 to 64', 'workers');
      const outDir = opts.out ?? path.join(path.dirname(path.resolve(p)), `${path.basename(p).replace(/\.[^.]+$/, '')}.clearpost`);
      const tty = process.stderr.isTTY === true;
      const bar = tty ? new cliProgress.SingleBar({ format: 'auditing {bar} {value} posts | {rate}/s | read {read} | ETA {eta_formatted}', stream: process.stderr, etaBuffer: 50 }, cliProgress.Presets.shades_classic) : undefined;
      bar?.start(1, 0, { rate: 0, read: 0 });
      const t0 = Date.now();
      let lastLine = 0;
      // Photos are analysed in an image pool (one thread per core), loaded only with --photos.
      const images = opts.photos ? (await import('../../images/image-pool.js')).createImageAnalyzer(workers ?? os.availableParallelism(), { nice: false }) : undefined;
      const { summary, files } = await auditArchive({
        path: p,
        outDir,
        // Each worker reads and validates the context file itself; a bad one is reported before any post is read.
        ...(opts.context !== undefined ? { contextFile: opts.context } : {}),
        ...(opts.policy !== undefined ? { packDir: opts.policy } : {}),
        ...(opts.author !== undefined ? { author: opts.author } : {}),
        accountKind: opts.accountKind,
        formats: formats as Array<'html' | 'csv' | 'json'>,
        ...(workers !== undefined ? { workers } : {}),
        ...(images !== undefined ? { photos: async (bytes: Buffer, field: string) => (await images.analyze(bytes, { field })).detected, photoConcurrency: 2 * (workers ?? os.availableParallelism()) } : {}),
        onProgress: (done, read, total) => {
          const rate = Math.round(done / Math.max(0.001, (Date.now() - t0) / 1000));
          if (bar) {
            bar.setTotal(total ?? Math.max(read, done + 1));
            bar.update(done, { rate, read });
          } else if (Date.now() - lastLine > 5000) {
            lastLine = Date.now();
            process.stderr.write(`audited ${done} posts (${rate}/s)\n`);
          }
        },
      }).finally(() => images?.close());
      bar?.stop();
      const v = summary.verdicts;
      process.stdout.write(`${summary.format}: ${summary.posts} posts in ${summary.seconds.toFixed(1)} s — ${v.block} block, ${v.revise} revise, ${v.allow} allow\n`);
      const ph = summary.photos;
      if (ph !== undefined) process.stdout.write(`photos: ${ph.referenced} referenced, ${ph.analysed} analysed, ${ph.missing} not in the export, ${ph.unreadable} unreadable\n`);
      for (const e of summary.readErrors) process.stdout.write(`could not read ${e.where}: ${e.message}\n`);
      for (const f of files) process.stdout.write(`report: ${f}\n`);
      process.exitCode = summary.posts === 0 && summary.readErrors.length > 0 ? 3 : v.block > 0 ? 2 : v.revise > 0 ? 1 : 0;
    });
}
