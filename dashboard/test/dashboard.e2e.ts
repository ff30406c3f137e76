import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumFlags } from '@home-affairs/gateway/src/testing/chromiumFlags.ts';
import {
  type DemoSubgraphs,
  startDemoSubgraphs,
} from '@home-affairs/gateway/src/testing/startDemoSubgraphs.ts';
import {
  type SecuredGateway,
  startSecuredGateway,
} from '@home-affairs/gateway/src/testing/startSecuredGateway.ts';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestPath } from '../scripts/codegen.ts';
import { dashboardDist, ensureDashboardBuilt } from '../scripts/ensureDashboardBuilt.ts';
import {
  count,
  graphAnswer,
  operations,
  type Province,
  seriousViolations,
  shownPercent,
  tableRows,
  tenthsOfPercent,
  today,
} from './dashboardPage.ts';

// The built dashboard in Debian's Chromium (playwright-core downloads nothing), served by a
// gateway with its security layer and the dashboard's trusted documents, over the four real
// subgraphs with demo data. Every number the page shows is compared with what the graph answers
// to the same trusted document, read back through the gateway.

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = existsSync(chromiumPath)
  ? undefined
  : `no browser at ${chromiumPath}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`;
const screenshots = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

let graph: DemoSubgraphs | undefined;
let gateway: SecuredGateway | undefined;
let browser: Browser | undefined;
let page: Page;
let origin: string;
const offOrigin: string[] = [];
const sentQueries: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (missing) return;
  await ensureDashboardBuilt();
  graph = await startDemoSubgraphs({ demoDossiers: 40_000 });
  gateway = await startSecuredGateway({
    subgraphUrls: graph.urls,
    trustedDocuments: [{ clients: ['dashboard'], path: manifestPath }],
    dashboard: { folder: dashboardDist },
  });
  origin = new URL(gateway.url).origin;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      offOrigin.push(url);
    }
    if (url.startsWith(`${origin}/graphql`) && request.method() === 'POST') {
      const body = JSON.parse(request.postData() ?? '{}') as { query?: string };
      if (body.query) sentQueries.push(body.query);
    }
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(screenshots, { recursive: true });
}, 600_000);

afterAll(async () => {
  try {
    await browser?.close();
    await gateway?.close();
  } finally {
    await graph?.dispose();
  }
});

async function shoot(name: string) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

describe.skipIf(missing !== undefined)('the dashboard in a browser', () => {
  it('shows the 34 provinces with the numbers the graph gives for the same document', async () => {
    await page.goto(`${origin}/dashboard/`);
    await expect.poll(async () => (await tableRows(page)).size, { timeout: 60_000 }).toBe(34);
    const answer = await graphAnswer<{ units: { nodes: Province[] } }>(origin, 'DashboardCountry', {
      asOf: today(),
      from: '2025-07-01',
      to: today(),
    });
    const registry = await graphAnswer<{
      byKind: { groups: { province: { code: string } | null; kind: string; count: number }[] };
    }>(origin, 'DashboardRegistryByProvince', { asOf: today() });
    // The registry's columns fill in after the table (a second trusted document).
    await expect
      .poll(async () => (await tableRows(page)).get('Nghệ An')?.associations, { timeout: 60_000 })
      .not.toBe('–');
    const rows = await tableRows(page);
    for (const province of answer.units.nodes) {
      expect(rows.has(province.name), province.name).toBe(true);
      const row = rows.get(province.name) ?? {};
      expect(count(row.received!), province.name).toBe(province.procedureStatistics!.received);
      expect(shownPercent(row.onTimeRate!)).toBe(
        tenthsOfPercent(province.procedureStatistics!.onTimeRate),
      );
      expect(shownPercent(row.onlineRate!)).toBe(
        tenthsOfPercent(province.procedureStatistics!.onlineRate),
      );
      const associations = registry.byKind.groups.find(
        (group) => group.province?.code === province.code && group.kind === 'ASSOCIATION',
      );
      expect(count(row.associations!), province.name).toBe(associations?.count ?? 0);
      expect(count(row.quota2026!)).toBe(province.quota2026!.quota);
    }
    // Vietnamese text with its diacritics, and Vietnamese number formatting.
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Bảng điều khiển cải cách hành chính');
    expect(rows.get('Nghệ An')!.received).toMatch(/^\d{1,3}(\.\d{3})*$/);
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(8);
    await shoot('country');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens the communes of a province from the country view, with the same numbers as the graph', async () => {
    await page.getByRole('link', { name: 'Nghệ An', exact: true }).click();
    await expect.poll(() => page.url()).toContain('#/province/40');
    const answer = await graphAnswer<{
      unit: { children: { totalCount: number; nodes: (Province & { fullName: string })[] } };
    }>(origin, 'DashboardProvince', { code: '40', asOf: today(), from: '2025-07-01', to: today() });
    await expect
      .poll(() => page.getByTestId('commune-count').textContent(), { timeout: 60_000 })
      .toBe(String(answer.unit.children.totalCount));
    expect(answer.unit.children.totalCount).toBe(130);
    const rows = await tableRows(page);
    expect(rows.size).toBe(130);
    for (const commune of answer.unit.children.nodes) {
      const row = rows.get(commune.fullName) ?? {};
      expect(count(row.received!), commune.fullName).toBe(commune.procedureStatistics!.received);
    }
    // The search narrows the table; CSV export offers a file with a row per commune shown.
    await page.getByLabel('Tìm xã, phường theo tên hoặc mã').fill('vinh');
    await expect.poll(async () => (await tableRows(page)).size).toBeLessThan(130);
    const shown = (await tableRows(page)).size;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Xuất CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(shown + 1);
    await page.getByLabel('Tìm xã, phường theo tên hoặc mã').fill('');
    await shoot('province');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows a commune across the four agencies with its predecessors', async () => {
    const province = await graphAnswer<{
      unit: { children: { nodes: { code: string; fullName: string }[] } };
    }>(origin, 'DashboardProvince', { code: '40', asOf: today(), from: '2025-07-01', to: today() });
    const first = province.unit.children.nodes[0]!;
    await page.goto(`${origin}/dashboard/#/commune/${first.code}`);
    const answer = await graphAnswer<{
      unit: {
        fullName: string;
        predecessors: unknown[];
        procedureStatistics: { received: number };
        organizationCounts: { total: number };
        quota2026: { quota: number } | null;
      };
    }>(origin, 'DashboardCommune', {
      code: first.code,
      asOf: today(),
      from: '2025-07-01',
      to: today(),
    });
    await expect
      .poll(() => page.locator('[data-figure="received"]').textContent(), { timeout: 60_000 })
      .toBe(answer.unit.procedureStatistics.received.toLocaleString('vi-VN'));
    expect(count((await page.locator('[data-figure="organizations"]').textContent())!)).toBe(
      answer.unit.organizationCounts.total,
    );
    expect(await page.locator('h2').textContent()).toBe(answer.unit.fullName);
    expect(answer.unit.predecessors.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('#card-units ~ ul li').count())
      .toBe(answer.unit.predecessors.length);
    await shoot('commune');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('finds `phuc xa` in the reform explorer: Phường Phúc Xá went into Phường Hồng Hà', async () => {
    await page.goto(`${origin}/dashboard/#/reform`);
    await page.getByRole('searchbox').fill('phuc xa');
    const current = page.locator('[data-current-unit]', { hasText: 'Phường Hồng Hà' }).first();
    await current.waitFor({ timeout: 60_000 });
    const answer = await graphAnswer<{
      before: {
        nodes: {
          code: string;
          fullName: string;
          currentUnits: { code: string; fullName: string }[];
        }[];
      };
    }>(origin, 'DashboardReformSearch', { search: 'phuc xa', before: '2025-06-30' });
    const phucXa = answer.before.nodes.find((unit) => unit.fullName === 'Phường Phúc Xá')!;
    expect(phucXa.currentUnits.map((unit) => unit.fullName)).toContain('Phường Hồng Hà');
    expect(await current.getAttribute('data-current-unit')).toBe(
      phucXa.currentUnits.find((unit) => unit.fullName === 'Phường Hồng Hà')!.code,
    );
    // Typed with its type word abbreviated, the same unit comes first.
    await page.getByRole('searchbox').fill('p. phuc xa');
    await expect
      .poll(() => page.locator('.result-name').first().textContent())
      .toBe('Phường Phúc Xá');
    await shoot('reform');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('ranks the provinces by the service index and drills down to the communes that cost points', async () => {
    await page.goto(`${origin}/dashboard/#/service-index`);
    const period = (await page.locator('[data-period]').getAttribute('data-period'))!.split('/');
    const answer = await graphAnswer<{
      units: {
        nodes: { name: string; code: string; serviceIndex: { score: number | null } | null }[];
      };
    }>(origin, 'DashboardServiceIndexProvinces', { from: period[0], to: period[1] });
    await expect.poll(async () => (await tableRows(page)).size, { timeout: 60_000 }).toBe(34);
    const rows = await tableRows(page);
    for (const province of answer.units.nodes) {
      const score = province.serviceIndex?.score ?? null;
      expect(rows.get(province.name)!.score, province.name).toBe(
        score === null
          ? '–'
          : score.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      );
    }
    await shoot('service-index');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Nghệ An', exact: true }).click();
    await expect.poll(() => page.url()).toContain('#/service-index/40');
    await page.getByText('Xã, phường làm giảm điểm nhiều nhất').waitFor({ timeout: 60_000 });
    const unit = await graphAnswer<{
      unit: { serviceIndex: { score: number; communes: { unit: { fullName: string } }[] } };
    }>(origin, 'DashboardServiceIndexUnit', { code: '40', from: period[0], to: period[1] });
    expect(await page.locator('[data-figure="score"]').textContent()).toBe(
      unit.unit.serviceIndex.score.toLocaleString('vi-VN', {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }),
    );
    await page
      .getByRole('link', { name: unit.unit.serviceIndex.communes[0]!.unit.fullName, exact: true })
      .first()
      .waitFor();
    await shoot('service-index-province');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('switches to English with English number formatting, works by keyboard and on a phone', async () => {
    await page.goto(`${origin}/dashboard/`);
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Administrative reform dashboard');
    await expect.poll(async () => (await tableRows(page)).size, { timeout: 60_000 }).toBe(34);
    expect((await tableRows(page)).get('Nghệ An')!.received).toMatch(/^\d{1,3}(,\d{3})*$/);
    await page.getByLabel('Language').selectOption('vi');
    // Keyboard: Tab reaches the first province link, Enter opens its communes.
    await page.locator('table').first().locator('tbody a').first().focus();
    const href = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(href!);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${origin}/dashboard/`);
    await expect.poll(async () => (await tableRows(page)).size, { timeout: 60_000 }).toBe(34);
    // Nothing wider than the phone but the table, which scrolls inside its own box.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(screenshots, 'country-phone.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('reads as a researcher with a pasted token', async () => {
    const token = await gateway!.researcherToken();
    await page.goto(`${origin}/dashboard/`);
    await page.getByText('Truy cập công khai').click();
    await page.getByLabel('Mã truy cập nhà nghiên cứu').fill(token);
    const request = page.waitForRequest(
      (candidate) =>
        candidate.url().endsWith('/graphql') &&
        candidate.headers().authorization === `Bearer ${token}`,
    );
    await page.getByRole('button', { name: 'Dùng mã' }).click();
    const response = await (await request).response();
    expect(response!.status()).toBe(200);
    await expect
      .poll(() => page.locator('details.token summary').textContent())
      .toBe('Truy cập nhà nghiên cứu');
    await page.getByRole('button', { name: 'Bỏ mã' }).click();
  });

  it('sends trusted documents by hash only, loads nothing from elsewhere, and the gateway refuses other documents from the dashboard', async () => {
    expect(sentQueries).toEqual([]);
    expect(offOrigin).toEqual([]);
    expect(pageErrors).toEqual([]);
    const adHoc = { query: '{ units(level: PROVINCE) { totalCount } }' };
    const refused = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollographql-client-name': 'dashboard' },
      body: JSON.stringify(adHoc),
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    // The same document from a client not bound to a manifest runs: the binding is per client.
    const other = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollographql-client-name': 'notebook' },
      body: JSON.stringify(adHoc),
    });
    expect(other.status).toBe(200);
  });

  it('keeps the rest of the page working when a subgraph stops, and says which part is missing', async () => {
    await graph!.stop('personnel');
    await page.goto(`${origin}/dashboard/`);
    await page.reload();
    await expect.poll(async () => (await tableRows(page)).size, { timeout: 60_000 }).toBe(34);
    const notice = page.locator('[data-missing~="personnel"]').first();
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toContain('Biên chế và nhân sự');
    // The graph's own answer is partial: personnel's fields null, with its error; the rest stands.
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollographql-client-name': 'dashboard' },
      body: JSON.stringify({
        variables: { asOf: today(), from: '2025-07-01', to: today() },
        extensions: {
          persistedQuery: { version: 1, sha256Hash: operations.get('DashboardCountry')!.id },
        },
      }),
    });
    const partial = (await response.json()) as {
      data: { units: { nodes: Province[] } };
      errors: { extensions: { code: string; serviceName: string } }[];
    };
    expect(partial.errors.map((error) => error.extensions.serviceName)).toContain('personnel');
    const rows = await tableRows(page);
    for (const province of partial.data.units.nodes) {
      expect(province.quota2026).toBeNull();
      const row = rows.get(province.name)!;
      expect(count(row.received!)).toBe(province.procedureStatistics!.received);
      expect(row.quota2026).toBe('–');
    }
    await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThanOrEqual(2);
    await shoot('country-personnel-down');
  });
});
