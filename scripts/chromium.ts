/**
 * The system's Chromium (Debian's package; never a downloaded browser), as the browser tests and
 * `npm run lighthouse` start it: headless, no sandbox (containers), and nothing that reaches out.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
