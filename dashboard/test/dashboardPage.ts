import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { manifestPath } from '../scripts/codegen.ts';

// What the browser test of the dashboard (dashboard.e2e.ts) reads: the page's tables and numbers
// as shown, its accessibility, and the graph's answer to the same trusted document.

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface ManifestOperation {
  id: string;
  name: string;
  body: string;
}

/** The dashboard's trusted documents, by operation name. */
export const operations = new Map(
  (
    JSON.parse(readFileSync(manifestPath, 'utf8')) as { operations: ManifestOperation[] }
  ).operations.map((operation) => [operation.name, operation]),
);

/** Runs a trusted document through the gateway at `origin` by its hash, as the dashboard does. */
export async function graphAnswer<T>(
  origin: string,
  name: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const operation = operations.get(name);
  if (!operation) throw new Error(`No trusted document ${name}`);
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollographql-client-name': 'dashboard' },
    body: JSON.stringify({
      variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } },
    }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

/** A Vietnamese count as shown (`12.345`), back to a number. */
export const count = (text: string) => Number(text.replace(/\./g, '').trim());
/** A rate as the page rounds it (`88,8 %`): the share in tenths of a percent. */
export const tenthsOfPercent = (share: number | null) =>
  share === null ? '–' : (Math.round(share * 1000) / 10).toFixed(1).replace('.', ',');
/** A percentage as shown, without its sign and spaces. */
export const shownPercent = (text: string) => text.replace(/[\s\u00a0%]/g, '');

/** Serious or critical accessibility violations (axe-core) on `page` as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy allows.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

/** Today in Vietnam (UTC+7). */
export function today(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** A province of the country view, as the graph answers it. */
export interface Province {
  code: string;
  name: string;
  procedureStatistics: {
    received: number;
    onTimeRate: number | null;
    onlineRate: number | null;
  } | null;
  quota2026: { quota: number } | null;
}

/** The table rows of the first table on `page`, by the text of their first cell, column → text. */
export async function tableRows(page: Page): Promise<Map<string, Record<string, string>>> {
  const rows = await page
    .locator('table')
    .first()
    .locator('tbody tr')
    .evaluateAll((elements) =>
      elements.map((row) => {
        const cells = Object.fromEntries(
          [...row.querySelectorAll('[data-column]')].map((cell) => [
            cell.getAttribute('data-column')!,
            cell.textContent ?? '',
          ]),
        );
        return cells;
      }),
    );
  return new Map(rows.map((row) => [row.name ?? '', row]));
}
