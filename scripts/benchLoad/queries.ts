import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** The three public queries the load benchmarks drive (`pnpm bench:load`, `pnpm bench:memory`). */
export const queryTexts = {
  Q1: { query: 'query Provinces { units(level: PROVINCE) { totalCount nodes { code name } } }' },
  Q2: {
    query: readFileSync(new URL('../queries/ngheAn.graphql', import.meta.url), 'utf8'),
    variables: { from: '2025-07-01', to: '2026-06-30' },
  },
  Q3: {
    query:
      'query Communes { units(level: COMMUNE, first: 5000) { totalCount nodes { code fullName type province { name } } } }',
  },
} as const;

/**
 * Sends query `name` to the gateway at `url` from `connections` connections for `duration`
 * seconds (autocannon), each request allowed 30 seconds; with `expectBody`, an answer with
 * another body counts as a mismatch (bodies decoded whole:
 * patches/autocannon@8.0.0.patch).
 */
export function loadQuery(
  url: string,
  name: keyof typeof queryTexts,
  load: { connections: number; duration: number; expectBody?: string },
) {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(queryTexts[name]),
    timeout: 30,
    ...load,
  });
}
