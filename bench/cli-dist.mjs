// Runs the compiled CLI in dist/ even when it is older than the sources (bench only: `BENCH_CLI=dist npm run bench`).
import process from 'node:process';
import { URL } from 'node:url';

const { main } = await import(new URL('../dist/src/cli/main.js', import.meta.url).href);
await main(process.argv);
