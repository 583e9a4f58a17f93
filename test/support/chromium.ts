// Debian's Chromium for browser tests (never a downloaded browser). Missing: a loud skip, or a failure when CI=true.
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => typeof p === 'string' && p !== '');

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p) => fs.existsSync(p));
}

/** True when browser tests can run; prints a loud banner otherwise, and throws under CI=true. */
export function browserAvailable(): boolean {
  if (chromiumPath() !== undefined) return true;
  const msg = 'Chromium not found at /usr/bin/chromium: browser tests are SKIPPED (apt-get install chromium).';
  if (process.env.CI === 'true') throw new Error(`${msg} CI=true makes this a failure.`);
  process.stderr.write(`\n${'!'.repeat(78)}\n!! ${msg}\n${'!'.repeat(78)}\n\n`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error('Chromium is not installed');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  // Every page waits up to 60 s for what it expects (Playwright's default is 30 s): CI runs two test workers, PostgreSQL
  // and Chromium on 2 cores. A wrong page still fails; only a slow right one passes.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
    const context = await newContext(...args);
    context.setDefaultTimeout(E2E_WAIT_MS);
    return context;
  };
  return browser;
}

export const E2E_WAIT_MS = 60_000;
