// `clearpost scrub IN OUT`: a copy of a photo without its location and other metadata, the right way up.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ClearpostError } from '../../core/errors.js';
import { readMetadata } from '../../images/metadata.js';
import { scrubImage } from '../../images/scrub.js';

export function registerScrub(program: Command): void {
  program
    .command('scrub')
    .description('write a copy of a photo without GPS location, capture time, camera and other metadata (orientation applied to the pixels)')
    .argument('<in>', 'the photo (JPEG, PNG, WebP, GIF, TIFF or AVIF)')
    .argument('<out>', 'the copy to write (refused if it exists, unless --force)')
    .option('--force', 'overwrite OUT if it exists')
    .option('--json', 'print the result as JSON')
    .action(async (inFile: string, outFile: string, opts: { force?: boolean; json?: boolean }) => {
      let buf: Buffer;
      try {
        buf = fs.readFileSync(inFile);
      } catch (err) {
        throw new ClearpostError('invalid-request', `IN: cannot read ${inFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'IN');
      }
      if (opts.force !== true && fs.existsSync(outFile)) throw new ClearpostError('invalid-request', `OUT: ${outFile} exists (use --force to overwrite it)`, 'OUT');
      const before = await readMetadata(buf);
      const out = await scrubImage(buf, 'IN');
      // Write beside the target and rename, so a failed run never leaves half a file.
      const tmp = path.join(path.dirname(path.resolve(outFile)), `.${path.basename(outFile)}.${process.pid}.tmp`);
      try {
        fs.writeFileSync(tmp, out.data);
        fs.renameSync(tmp, outFile);
      } catch (err) {
        fs.rmSync(tmp, { force: true });
        throw new ClearpostError('invalid-request', `OUT: cannot write ${outFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'OUT');
      }
      const removed = [before.gps !== undefined ? 'GPS location' : undefined, before.takenAt !== undefined ? 'capture time' : undefined].filter((x) => x !== undefined);
      const r = { in: inFile, out: outFile, format: out.format, bytes: out.data.length, removed: removed.length > 0 ? [...removed, 'all other metadata'] : ['all metadata'] };
      process.stdout.write(opts.json === true ? JSON.stringify(r) + '\n' : `wrote ${outFile} (${out.format}, ${out.data.length} bytes) without ${r.removed.join(', ')}\n`);
    });
}
