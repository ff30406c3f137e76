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
 * Whether `received` is the answer `expected` as autocannon hands it over. autocannon 8 decodes
 * each chunk of a body as UTF-8 on its own (`body += buffer`), so a character of more than one
 * byte cut between two chunks reaches it as two to four U+FFFD; in Q3 (300 kB of Vietnamese names)
 * about one answer in a hundred. Those runs must each stand for exactly one character beyond ASCII
 * of `expected`; anything else differing is another answer.
 */
export function sameAnswerText(expected: string, received: string): boolean {
  if (received === expected) return true;
  const pieces = received.split(/\uFFFD{2,4}/);
  let at = 0;
  for (const [index, piece] of pieces.entries()) {
    if (!expected.startsWith(piece, at)) return false;
    at += piece.length;
    if (index === pieces.length - 1) break;
    const code = expected.codePointAt(at);
    if (code === undefined || code < 0x80) return false;
    at += code > 0xffff ? 2 : 1;
  }
  return at === expected.length;
}

/**
 * Sends query `name` to the gateway at `url` from `connections` connections for `duration`
 * seconds (autocannon), each request allowed 30 seconds; with `expectBody`, an answer with
 * another body (`sameAnswerText`) counts as a mismatch.
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
    connections: load.connections,
    duration: load.duration,
    ...(load.expectBody === undefined
      ? {}
      : { verifyBody: (body: string) => sameAnswerText(load.expectBody!, body) }),
  });
}
