// A folder or a zip file seen the same way: list its files, stream one of them (zip entries are never unpacked to disk).
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface Archive {
  readonly root: string;
  /** Paths inside the archive, with "/" separators. */
  files(): string[];
  open(file: string): Promise<Readable>;
  size(file: string): number;
  close(): void;
}

export async function openArchive(p: string): Promise<Archive> {
  const st = fs.statSync(p);
  if (st.isDirectory()) return folderArchive(p);
  return zipArchive(p);
}

function folderArchive(root: string): Archive {
  const list: string[] = [];
  const sizes = new Map<string, number>();
  const walk = (dir: string, rel: string, depth: number) => {
    if (depth > 6) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r, depth + 1);
      else if (e.isFile()) {
        list.push(r);
        sizes.set(r, fs.statSync(path.join(dir, e.name)).size);
      }
    }
  };
  walk(root, '', 0);
  return {
    root,
    files: () => list,
    open: async (f) => fs.createReadStream(path.join(root, f), { highWaterMark: 1 << 20 }),
    size: (f) => sizes.get(f) ?? 0,
    close: () => {},
  };
}

async function zipArchive(file: string): Promise<Archive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, z) => (err || !z ? reject(err ?? new Error('cannot open zip')) : resolve(z))),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/') && !e.fileName.startsWith('__MACOSX/')) entries.set(e.fileName, e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return {
    root: file,
    files: () => [...entries.keys()],
    size: (f) => entries.get(f)?.uncompressedSize ?? 0,
    open: (f) =>
      new Promise<Readable>((resolve, reject) => {
        const e = entries.get(f);
        if (e === undefined) return reject(new Error(`${f} is not in ${file}`));
        zip.openReadStream(e, (err, s) => (err || !s ? reject(err ?? new Error('cannot read entry')) : resolve(s)));
      }),
    close: () => zip.close(),
  };
}

/** Read a whole (small) file of an archive as text. */
export async function readText(a: Archive, f: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await a.open(f)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
