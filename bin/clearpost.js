#!/usr/bin/env node
// The `clearpost` command: the compiled build (dist/, made by `npm run build`) when it is current, else the TypeScript sources through tsx.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');

/** The build is current when no source file is newer than its stamp (so a stale build is never run). */
function buildIsCurrent() {
  let built;
  try {
    built = fs.statSync(stamp).mtimeMs;
  } catch {
    return false;
  }
  const stack = [path.join(root, 'src')];
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name.endsWith('.ts') && fs.statSync(p).mtimeMs > built) return false;
    }
  }
  return true;
}

let main;
if (buildIsCurrent()) {
  ({ main } = await import(path.join(root, 'dist', 'src', 'cli', 'main.js')));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);
