// `clearpost check`: one post (text or --json) with a readable report, or a --jsonl stream of requests.
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { wantsColor } from '../colors.js';
import type { CheckRequest, CheckResponse } from '../../contracts/check.js';
import { ClearpostError } from '../../core/errors.js';
import type { PolicyPack } from '../../core/policy/pack.js';
import { exitForVerdict } from '../exit-codes.js';
import { streamJsonl } from '../jsonl-stream.js';

interface CheckOpts {
  json?: string;
  jsonl?: string;
  context?: string;
  policy?: string;
  network?: string;
  author?: string;
  accountKind?: string;
  postedAt?: string;
  pretty?: boolean;
  workers?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check a post against the policy (exit 0 allow, 1 revise, 2 block, 3 bad input)')
    .argument('[text]', 'the text of the post')
    .option('--json <file>', 'read one check request (JSON) from a file, or - for stdin; print the response as JSON. Photos named in post.images[].file (relative to the request file, or to the current folder for stdin) are read: EXIF time and GPS, faces, text')
    .option('--jsonl <file>', 'stream: one request per line in, one response per line out (- for stdin)')
    .option('--context <file>', 'context (district, people, consents ...) for requests that carry none')
    .option('--policy <dir>', 'a policy pack folder (default: Policy 471)')
    .option('--network <name>', 'network of the post given as text', 'facebook')
    .option('--author <id>', 'author id (from the context) of the post given as text')
    .option('--account-kind <kind>', 'personal or district', 'personal')
    .option('--posted-at <iso>', 'when the post goes out (ISO 8601 with offset)')
    .option('--pretty', 'indent JSON output')
    .option('--workers <n>', 'worker threads for --jsonl (default: one per core)')
    .action(async (text: string | undefined, opts: CheckOpts) => {
      if (opts.jsonl !== undefined) {
        const workers = opts.workers === undefined ? os.availableParallelism() : Number(opts.workers);
        if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ClearpostError('invalid-request', '--workers: a whole number from 1 to 64', 'workers');
        // The workers load the pack and the context themselves, in parallel; their errors come back as ours.
        await streamJsonl(opts.jsonl, opts.policy, opts.context, workers);
        return;
      }
      // The engine is loaded here, not at the top: a --jsonl run's main thread never needs it (its workers do).
      const [{ check }, { loadPolicyPack }, { parseCheckRequest, parseJson }, { loadContextFile, readInput }] = await Promise.all([
        import('../../core/check.js'),
        import('../../app/load-policy-pack.js'),
        import('../../app/parse-check-request.js'),
        import('../../app/load-context-file.js'),
      ]);
      const pack = loadPolicyPack(opts.policy);
      const context = loadContextFile(opts.context);
      let request: CheckRequest;
      if (opts.json !== undefined) {
        request = parseCheckRequest(parseJson(readInput(opts.json), opts.json === '-' ? 'stdin' : opts.json));
      } else if (text !== undefined) {
        const post: Record<string, unknown> = { text, network: opts.network, account: { kind: opts.accountKind } };
        if (opts.author !== undefined) post.author = opts.author;
        if (opts.postedAt !== undefined) post.postedAt = opts.postedAt;
        request = parseCheckRequest({ post });
      } else {
        throw new ClearpostError('invalid-request', 'give the text of a post, --json FILE or --jsonl FILE', 'text');
      }
      if (request.context === undefined && context !== undefined) request.context = context;
      if (opts.json !== undefined) await readPhotos(request, opts.json === '-' ? process.cwd() : path.dirname(path.resolve(opts.json)));
      const res = check(request, pack, { now: new Date() });
      if (opts.json !== undefined) process.stdout.write(JSON.stringify(res, null, opts.pretty ? 2 : undefined) + '\n');
      else process.stdout.write(renderReport(request.post.text, res, pack, wantsColor(process.stdout)));
      process.exitCode = exitForVerdict(res.verdict);
    });
}

/**
 * Reads the photos a request names (post.images[i].file, a path relative to `base`) as the API reads uploads: EXIF time
 * and GPS, faces, text and floor plan replace post.images[i].detected. One photo at a time in this thread (a CLI check
 * has the machine to itself); the image libraries are loaded only when a photo is named. A missing or unreadable file is
 * a ClearpostError naming post.images[i].file (exit 3).
 */
export async function readPhotos(request: CheckRequest, base: string): Promise<void> {
  const { namesPhotoFiles, readRequestPhotos } = await import('../request-photos.js');
  if (!namesPhotoFiles(request)) return;
  const { terminateOcr } = await import('../../images/ocr.js');
  try {
    await readRequestPhotos(request, base);
  } finally {
    // tesseract.js keeps a worker thread that would hold the process open.
    await terminateOcr();
  }
}

const VERDICT_STYLE = { allow: 'green', revise: 'yellow', block: 'red' } as const;

/** A readable report: verdict, then each finding with its clause, quoted words highlighted, and remedy. */
export function renderReport(text: string, res: CheckResponse, pack: PolicyPack, color: boolean): string {
  const c = pc.createColors(color);
  const style = c[VERDICT_STYLE[res.verdict]];
  const lines: string[] = [];
  lines.push(`${c.bold(style(res.verdict.toUpperCase()))}  Policy ${res.policy.id} (${res.policy.title}), version ${res.policy.version}`);
  const spans = res.findings.flatMap((f) => (f.evidence && 'start' in f.evidence ? [f.evidence] : []));
  if (spans.length > 0) lines.push('', '  ' + highlight(text, spans, color ? (s) => c.inverse(c.red(s)) : (s) => `[${s}]`));
  if (res.findings.length === 0) lines.push('', '  No findings: this post meets the policy.');
  for (const f of res.findings) {
    const sev = f.undecided ? 'undecided' : f.severity;
    lines.push('', `  ${c.bold(`${f.clause}  ${f.rule}`)} (${sev})`);
    lines.push(`    ${f.message}`);
    if (f.evidence && 'quote' in f.evidence) lines.push(`    ${c.dim('quote:')} "${f.evidence.quote}" (${f.evidence.start}–${f.evidence.end})`);
    else if (f.evidence && 'field' in f.evidence) lines.push(`    ${c.dim('field:')} ${f.evidence.field}`);
    else if (f.evidence && 'image' in f.evidence) lines.push(`    ${c.dim('image:')} ${f.evidence.image + 1}`);
    if (f.remedy) lines.push(`    ${c.dim('fix:')} ${f.remedy}`);
    const clause = pack.clause(f.clause.split(',')[0]!.trim());
    if (clause && clause.text) lines.push(`    ${c.dim('policy:')} ${c.dim(firstSentence(clause.text))}`);
  }
  if (res.allowedBy && res.allowedBy.length > 0) lines.push('', `  Allowed by ${res.allowedBy.join(', ')}`);
  return lines.join('\n') + '\n';
}

function firstSentence(s: string): string {
  const m = /^[^.]*\./.exec(s.replace(/\s+/g, ' '));
  return (m ? m[0] : s).slice(0, 200);
}

function highlight(text: string, spans: Array<{ start: number; end: number }>, mark: (s: string) => string): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + mark(text.slice(s.start, s.end));
    at = s.end;
  }
  return (out + text.slice(at)).replace(/\n/g, '\n  ');
}
