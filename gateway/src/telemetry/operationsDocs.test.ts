import { readFileSync } from 'node:fs';
import { createLogger } from '@home-affairs/service';
import { createServiceMetrics, databasePoolMetrics } from '@home-affairs/telemetry';
import { describe, expect, it } from 'vitest';
import { createResponseCache } from '../cache/createResponseCache.ts';
import { auditMetrics } from './auditMetrics.ts';
import { responseCacheMetrics } from './responseCacheMetrics.ts';
import { useMetrics } from './useMetrics.ts';

// docs/operations.md and the Grafana dashboard it ships query series by name: a renamed metric
// must fail here, not on an operator's empty panel or a silent alert.

const operationsDoc = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
const dashboardText = readFileSync(
  new URL('../../../docs/grafana/graph.json', import.meta.url),
  'utf8',
);

/** Every series name a scrape of the gateway or a subgraph can hold, histograms' included. */
async function registeredSeries(): Promise<{ metrics: Set<string>; series: Set<string> }> {
  const registry = createServiceMetrics('gateway');
  databasePoolMetrics(registry, () => undefined);
  auditMetrics(registry);
  useMetrics({ registry, operationNames: new Set() });
  const cache = await createResponseCache({}, createLogger('operations-docs-test', 'silent'));
  responseCacheMetrics(registry, cache);
  const metrics = new Set<string>();
  const series = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    metrics.add(metric.name);
    series.add(metric.name);
    if (String(metric.type) === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) series.add(`${metric.name}${suffix}`);
    }
  }
  await cache.close();
  return { metrics, series };
}

const promqlWords = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'rate',
  'increase',
  'histogram_quantile',
  'by',
  'without',
  'le',
  'and',
  'or',
  'unless',
]);

/** The metric names a PromQL expression reads: identifiers outside label matchers and groupings. */
function metricNamesOf(expression: string): string[] {
  const stripped = expression
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without)\s*\([^)]*\)/g, ' ');
  return [...stripped.matchAll(/[a-zA-Z_:][\w:]*/g)]
    .map((match) => match[0])
    .filter((word) => !promqlWords.has(word));
}

describe('docs/grafana/graph.json', () => {
  it('is a Grafana dashboard whose every query reads a series the code registers', async () => {
    const dashboard = JSON.parse(dashboardText) as {
      title: string;
      uid: string;
      schemaVersion: number;
      panels: {
        id: number;
        type: string;
        title: string;
        gridPos: { h: number; w: number; x: number; y: number };
        targets?: { expr: string; refId: string }[];
      }[];
    };
    expect(dashboard.uid).toBe('home-affairs-graph');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const { series } = await registeredSeries();
    const queried = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(queried.length).toBeGreaterThan(10);
    for (const panel of queried) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        const names = metricNamesOf(target.expr);
        expect(names.length, target.expr).toBeGreaterThan(0);
        for (const name of names) expect(series, `${panel.title}: ${name}`).toContain(name);
      }
    }
  });
});

describe('docs/operations.md', () => {
  it("alerts only on series the code registers, and describes each of the graph's own metrics", async () => {
    const { metrics, series } = await registeredSeries();
    const expressions = [...operationsDoc.matchAll(/^\s*expr: (.+)$/gm)].map((match) => match[1]!);
    expect(expressions.length).toBeGreaterThan(5);
    for (const expression of expressions) {
      for (const name of metricNamesOf(expression)) expect(series, expression).toContain(name);
    }
    const own = [...metrics].filter(
      (name) => !name.startsWith('process_') && !name.startsWith('nodejs_'),
    );
    expect(own.length).toBeGreaterThan(10);
    for (const name of own) expect(operationsDoc, name).toContain(`| \`${name}\``);
  });
});
