/**
 * Flags for Debian's Chromium in tests and measurements: headless, no sandbox (root in CI), and
 * no network of its own (updates, sync, QUIC), so that only the page's requests go out.
 */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
