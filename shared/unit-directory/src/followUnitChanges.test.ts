import { describe, expect, it } from 'vitest';
import { followUnitChanges, type UnitChange } from './followUnitChanges.ts';

/** A feed of `entries` served page by page, as the units subgraph serves `unitChanges`. */
function fakeFeed(entries: Omit<UnitChange, 'cursor'>[], options: { failures?: number } = {}) {
  let failures = options.failures ?? 0;
  const requests: { after: string | null; first: number }[] = [];
  const fetchFeed = (async (_url: string, init: RequestInit) => {
    const { variables } = JSON.parse(String(init.body)) as {
      variables: { after: string | null; first: number };
    };
    requests.push(variables);
    if (failures > 0) {
      failures -= 1;
      throw new TypeError('fetch failed');
    }
    const start = variables.after === null ? 0 : Number(variables.after);
    const page = entries.slice(start, start + variables.first);
    return new Response(
      JSON.stringify({
        data: {
          unitChanges: {
            pageInfo: { hasNextPage: start + variables.first < entries.length },
            headCursor: entries.length ? String(entries.length) : null,
            edges: page.map((node, index) => ({ cursor: String(start + index + 1), node })),
          },
        },
      }),
    );
  }) as typeof globalThis.fetch;
  return { fetch: fetchFeed, requests };
}

const entry = (code: string, effectiveDate: string): Omit<UnitChange, 'cursor'> => ({
  sequence: Number(code),
  code,
  kind: 'ABOLISHED',
  effectiveDate,
  before: null,
  after: null,
  successors: [],
  predecessors: [],
});

describe('followUnitChanges', () => {
  it('applies the entries in effect page by page from the stored cursor, and stops at one dated later', async () => {
    const feed = fakeFeed([
      entry('1', '2026-01-01'),
      entry('2', '2026-01-01'),
      entry('3', '2026-02-01'),
      entry('4', '2027-01-01'),
      entry('5', '2026-01-01'),
    ]);
    let cursor: string | null = '1';
    const applied: [string[], string, string | null][] = [];
    const follower = followUnitChanges({
      graphUrl: 'http://units.test/graphql',
      fetch: feed.fetch,
      pageSize: 2,
      intervalMilliseconds: 60_000,
      today: () => '2026-06-30',
      readCursor: async () => cursor,
      apply: async (changes, next, previous) => {
        applied.push([changes.map((change) => change.code), next, previous]);
        cursor = next;
      },
    });
    await follower.poll();
    await follower.stop();
    // Entry 4 takes effect in 2027: it waits, and holds back entry 5 behind it.
    expect(applied).toEqual([[['2', '3'], '3', '1']]);
    expect(cursor).toBe('3');
    expect(feed.requests.every((request) => request.first === 2)).toBe(true);
  });

  it('reports a failed poll and tries again at the next one', async () => {
    const feed = fakeFeed([entry('1', '2026-01-01')], { failures: 1 });
    let cursor: string | null = null;
    const errors: number[] = [];
    const follower = followUnitChanges({
      graphUrl: 'http://units.test/graphql',
      fetch: feed.fetch,
      intervalMilliseconds: 10,
      today: () => '2026-06-30',
      readCursor: async () => cursor,
      apply: async (_changes, next) => {
        cursor = next;
      },
      onError: (_error, failures) => errors.push(failures),
    });
    for (let attempt = 0; attempt < 100 && cursor === null; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await follower.stop();
    expect(errors).toEqual([1]);
    expect(cursor).toBe('1');
  });
});
