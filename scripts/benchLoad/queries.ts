import { readFileSync } from 'node:fs';

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
