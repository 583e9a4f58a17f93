// Roster import over the API: HR or an admin uploads a OneRoster 1.1/1.2 zip (multipart, file part `roster`); the answer is the import report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireRole } from '../../app/access.js';
import type { AppDeps } from '../../app/deps.js';
import { importOneRoster } from '../../app/import-oneroster.js';
import { RosterImportReport } from '../../contracts/summaries.js';
import { ClearpostError } from '../../core/errors.js';
import { formatBytes, PayloadTooLarge, ROSTER_UPLOAD_LIMIT, routeName } from '../body-limits.js';
import { actorOf, Problem } from '../http.js';

const ImportOut = RosterImportReport;

export function registerRosterRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/roster-imports',
    {
      schema: {
        tags: ['people'],
        description: `Import a OneRoster 1.1 or 1.2 CSV package (HR or an admin): multipart/form-data with the zip in a file part named roster, at most ${formatBytes(ROSTER_UPLOAD_LIMIT)}. Idempotent by sourcedId; people missing from a bulk roster are deactivated, not deleted; bad rows are reported with file and line and the rest still imports.`,
        consumes: ['multipart/form-data'],
        response: { 200: ImportOut, 400: Problem, 403: Problem, 413: Problem },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      // Refuse before reading 200 MB from someone who may not import.
      requireRole(actor, ['hr', 'admin'], 'import a roster');
      if (!req.isMultipart()) throw new ClearpostError('invalid-request', 'roster: send multipart/form-data with the OneRoster zip in a file part named roster', 'roster');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-roster-'));
      try {
        const file = path.join(dir, 'oneroster.zip');
        let got = false;
        try {
          for await (const part of req.parts({ limits: { fileSize: ROSTER_UPLOAD_LIMIT, files: 1, fields: 5, parts: 6 } })) {
            if (part.type !== 'file') continue;
            const f = part as MultipartFile;
            if (f.fieldname !== 'roster') throw new ClearpostError('invalid-request', `${f.fieldname}: the zip goes in a file part named roster`, f.fieldname);
            await pipeline(f.file, fs.createWriteStream(file));
            if (f.file.truncated) throw new PayloadTooLarge(ROSTER_UPLOAD_LIMIT, 'roster', routeName(req));
            got = true;
          }
        } catch (err) {
          const e = err as { code?: string };
          if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw new PayloadTooLarge(ROSTER_UPLOAD_LIMIT, 'roster', routeName(req));
          throw err;
        }
        if (!got || fs.statSync(file).size === 0) throw new ClearpostError('invalid-request', 'roster: the OneRoster zip is missing or empty', 'roster');
        try {
          return await importOneRoster(deps, actor, { path: file });
        } catch (err) {
          if (err instanceof ClearpostError && err.field === 'path') throw new ClearpostError(err.code, err.message.replace(file, 'the uploaded zip'), 'roster');
          throw err;
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}
