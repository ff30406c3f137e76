import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpService } from '@home-affairs/service';
import { subgraphDefinition as units } from '@home-affairs/units/typeDefs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFlags } from './testing/chromiumFlags.ts';
import { startTestGateway } from './testing/startTestGateway.ts';
import { startUnitsSubgraph, type UnitsSubgraph } from './testing/startUnitsSubgraph.ts';

// Debian's chromium (apt-get install chromium); playwright-core drives it and downloads nothing.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = existsSync(chromiumPath)
  ? undefined
  : `no browser at ${chromiumPath}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`;

let unitsSubgraph: UnitsSubgraph | undefined;
let gateway: HttpService | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (missing) return;
  unitsSubgraph = await startUnitsSubgraph();
  gateway = await startTestGateway([units], { units: unitsSubgraph.url });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumFlags,
  });
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await unitsSubgraph?.dispose();
});

describe('GraphiQL in a browser', () => {
  it('runs the example query offline and shows the data', async (context) => {
    // .ci/run installs chromium; where it could not, the skip names the reason.
    if (missing) context.skip(missing);
    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
    const origin = new URL(gateway!.url).origin;
    const offHost: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (
        !url.startsWith(origin) &&
        !url.startsWith(`blob:${origin}`) &&
        !url.startsWith('data:')
      ) {
        offHost.push(url);
      }
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    await page.goto(gateway!.url);
    const run = page.getByRole('button', { name: /Execute query/ });
    await run.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.locator('.graphiql-query-editor').textContent(), { timeout: 30_000 })
      .toContain('ProvincesAfterTheReform');
    await run.click();

    const response = page.locator('.graphiql-response');
    await expect
      .poll(async () => (await response.textContent())?.replace(/\u00a0/g, ' '), {
        timeout: 60_000,
      })
      .toMatch(/"totalCount": 34/);
    const shown = (await response.textContent())?.replace(/\u00a0/g, ' ') ?? '';
    expect(shown).toContain('"data"');
    expect(shown).not.toContain('"errors"');

    const screenshot = join(tmpdir(), `graphiql-${Date.now()}.png`);
    await page.screenshot({ path: screenshot });
    console.log(`GraphiQL screenshot: ${screenshot}`);
    expect(offHost).toEqual([]);
    expect(problems).toEqual([]);
  });
});
