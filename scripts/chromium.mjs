// Which Chromium the end-to-end tests launch: $CHROMIUM_PATH, else the system's /usr/bin/chromium,
// else Playwright's own download (only if it is on disk; PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 skips it).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const chromiumHelp = [
  'No Chromium found for the end-to-end tests. Any one of these fixes it:',
  '  - Debian/Ubuntu: apt-get install chromium',
  '  - Playwright: npx playwright install chromium',
  '  - or point CHROMIUM_PATH at a Chromium or Chrome executable',
].join('\n');

/**
 * @param {Record<string, string | undefined>} env
 * @returns {{ executablePath: string | undefined, source: string } | undefined}
 *   executablePath undefined means "Playwright's own browser"; undefined overall means none found.
 */
export function findChromium(env = process.env) {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    return existsSync(fromEnv) ? { executablePath: fromEnv, source: 'CHROMIUM_PATH' } : undefined;
  }
  if (existsSync('/usr/bin/chromium')) return { executablePath: '/usr/bin/chromium', source: 'system' };
  let own = '';
  try {
    own = chromium.executablePath();
  } catch {
    own = '';
  }
  return own !== '' && existsSync(own) ? { executablePath: undefined, source: `playwright (${own})` } : undefined;
}
