/**
 * `pnpm bench:dashboard`: what the dashboard costs a person. Prints
 * - the JavaScript shipped, gzipped as the gateway serves it (level 9), from the built files and,
 *   when a graph answers, as the gateway actually sends it (target: under 300 KB);
 * - the first render of the country view on the running graph's data (`pnpm start`, demo data):
 *   from navigation to the 34 provinces' table drawn with numbers, in a fresh browser context each
 *   time (no cache), BENCH_LOADS times (default 10): p50, min, max (target: p50 under 1.5 s).
 *
 * GRAPH_URL (default http://localhost:4000/graphql) names the running graph; CHROMIUM_PATH the
 * browser (default /usr/bin/chromium). The load average is printed beside the times.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromiumFlags } from '@home-affairs/gateway/src/testing/chromiumFlags.ts';
import { chromium } from 'playwright-core';
import { dashboardDist, ensureDashboardBuilt } from './ensureDashboardBuilt.ts';

const graphUrl = process.env.GRAPH_URL ?? 'http://localhost:4000/graphql';
const loads = Number(process.env.BENCH_LOADS ?? 10);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

await ensureDashboardBuilt();
const assets = join(dashboardDist, 'assets');
const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
let raw = 0;
let gzipped = 0;
for (const name of scripts) {
  const body = readFileSync(join(assets, name));
  raw += body.length;
  gzipped += gzipSync(body, { level: 9 }).length;
}
console.log(
  `JavaScript shipped (built files): ${scripts.length} file(s), ${(raw / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzip (target < 300 KB)`,
);

const dashboardUrl = new URL('/dashboard/', graphUrl).href;
const reachable = await fetch(dashboardUrl).then(
  (response) => response.ok,
  () => false,
);
if (!reachable) {
  console.log(
    `No dashboard at ${dashboardUrl}: start the graph (pnpm start) to time the first render.`,
  );
  process.exit(0);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: chromiumFlags,
});
try {
  const times: number[] = [];
  let sent = 0;
  for (let run = 0; run < loads; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    let bytes = 0;
    page.on('response', async (response) => {
      if (response.url().endsWith('.js')) {
        bytes += Number((await response.headerValue('content-length')) ?? 0);
      }
    });
    await page.goto(dashboardUrl);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('table tbody tr').length >= 34 &&
        document.querySelector('td[data-column="received"]')?.textContent !== '–',
      undefined,
      { timeout: 60_000, polling: 'raf' },
    );
    // Time since navigation started, as the page's own clock measures it.
    times.push(await page.evaluate(() => performance.now()));
    sent = bytes;
    await context.close();
  }
  console.log(`JavaScript shipped (as the gateway sent it, gzip): ${(sent / 1024).toFixed(1)} KB`);
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = sorted[Math.floor((sorted.length - 1) / 2)]!;
  console.log(
    `First render of the country view (34 provinces with numbers), ${loads} loads: p50 ${p50.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (target p50 < 1500 ms); load average ${load()}`,
  );
} finally {
  await browser.close();
}
