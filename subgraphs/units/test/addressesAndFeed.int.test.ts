import { expectBadArgument } from '@home-affairs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChangeSet } from '../src/changeSets/applyChangeSet.ts';
import { startSubgraph } from './startSubgraph.ts';

// The real unit lists, imported as on a first start: address resolution is only meaningful over
// them, and the feed's first entries are the import itself.

let graph: Awaited<ReturnType<typeof startSubgraph>>;

beforeAll(async () => {
  graph = await startSubgraph('units', { realLists: true });
}, 120_000);

afterAll(async () => {
  await graph?.close();
});

function execute(query: string, variables: Record<string, unknown> = {}) {
  return graph.execute(query, variables);
}

const resolveQuery = `query ($text: String!, $asOf: Date, $first: Int) {
  resolveAddress(text: $text, asOf: $asOf, first: $first) {
    position asOf
    matches {
      confidence
      unit { code fullName validTo parent { fullName } province { name } }
      carriedOnBy { share unit { code fullName } }
    }
  }
}`;

interface Resolution {
  matches: {
    confidence: number;
    unit: { code: string; fullName: string; validTo: string | null };
    carriedOnBy: { share: string; unit: { code: string; fullName: string } }[];
  }[];
}

async function best(text: string, asOf = '2025-07-01') {
  const result = await execute(resolveQuery, { text, asOf, first: 3 });
  expect(result.errors).toBeUndefined();
  return (result.data?.resolveAddress as Resolution).matches[0];
}

describe('resolveAddress', () => {
  it('resolves a pre-2025 address, abbreviated, to the old ward and the ward that carries it on', async () => {
    const match = await best('P. Phúc Xá, Q. Ba Đình, HN');
    expect(match).toMatchObject({
      confidence: 1,
      unit: { code: '00001', fullName: 'Phường Phúc Xá', validTo: '2025-07-01' },
    });
    // Phúc Xá went whole into the 2025 Phường Hồng Hà.
    expect(match?.carriedOnBy).toEqual([
      { share: 'WHOLE', unit: { code: '00097', fullName: 'Phường Hồng Hà' } },
    ]);
  });

  it('reads the same address without diacritics, in capitals, with a street and a typo', async () => {
    for (const text of [
      'phuong phuc xa, quan ba dinh, ha noi',
      'SỐ 12 NGUYỄN TRÃI, P.PHÚC XÁ, Q.BA ĐÌNH, TP HÀ NỘI',
      'P. Phuc Xaa, Q. Ba Dinh, HN',
      'Phường Phúc Xá Quận Ba Đình Hà Nội',
    ]) {
      expect((await best(text))?.unit.code, text).toBe('00001');
    }
  });

  it('resolves a 2025 two-tier address to the unit itself', async () => {
    const match = await best('Phường Hồng Hà, Thành phố Hà Nội', '2026-01-01');
    expect(match).toMatchObject({ confidence: 1, unit: { code: '00097', validTo: null } });
    expect(match?.carriedOnBy).toEqual([
      { share: 'WHOLE', unit: { code: '00097', fullName: 'Phường Hồng Hà' } },
    ]);
  });

  it('gives every unit a split commune went into, as PART', async () => {
    const result = await execute(
      `{ units(level: COMMUNE, asOf: "2025-06-30", first: 5000) { nodes { code fullName
          parent { fullName } province { name } successors { share } } } }`,
    );
    const split = (
      result.data?.units as {
        nodes: {
          code: string;
          fullName: string;
          parent: { fullName: string };
          province: { name: string };
          successors: { share: string }[];
        }[];
      }
    ).nodes.find((unit) => unit.successors.length > 1);
    expect(split).toBeDefined();
    const text = `${split!.fullName}, ${split!.parent.fullName}, ${split!.province.name}`;
    const match = await best(text);
    expect(match?.unit.code).toBe(split!.code);
    expect(match?.carriedOnBy.length).toBe(split!.successors.length);
    expect(match?.carriedOnBy.every((successor) => successor.share === 'PART')).toBe(true);
  });

  it('answers a batch in order and says nothing matched when nothing did', async () => {
    const result = await execute(
      `query ($texts: [String!]!) { resolveAddresses(texts: $texts, asOf: "2025-07-01") {
        position matches { unit { code } } } }`,
      { texts: ['Xã Nghi Phú, TP Vinh, Nghệ An', 'zzzz qqqq', 'P. Phúc Xá, Q. Ba Đình, HN'] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.resolveAddresses).toEqual([
      // Nghi Phú was a ward (Phường), not a commune: the name and the tiers outweigh the type word.
      { position: 0, matches: [{ unit: { code: '16702' } }] },
      { position: 1, matches: [] },
      { position: 2, matches: [{ unit: { code: '00001' } }] },
    ]);
  });

  it('refuses what no address is, with BAD_USER_INPUT naming the argument', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [resolveQuery, { text: 'x'.repeat(301) }, 'text'],
      [resolveQuery, { text: 'P. Phúc Xá\u0000' }, 'text'],
      [resolveQuery, { text: 'P. Phúc Xá', first: 11 }, 'first'],
      [
        'query ($texts: [String!]!) { resolveAddresses(texts: $texts) { position } }',
        { texts: Array.from({ length: 501 }, () => 'Hà Nội') },
        'texts',
      ],
      [
        'query ($texts: [String!]!) { resolveAddresses(texts: $texts) { position } }',
        { texts: ['Hà Nội', 'a\u0007b'] },
        'texts',
      ],
    ];
    for (const [query, variables, argumentName] of cases) {
      const result = await execute(query, variables);
      expectBadArgument(result, argumentName);
    }
  });
});

describe('unitChanges', () => {
  const feedQuery = `query ($after: String, $first: Int) { unitChanges(after: $after, first: $first) {
    totalCount headCursor pageInfo { hasNextPage endCursor }
    nodes { sequence code kind effectiveDate before { name } after { name type }
      successors { code share } predecessors { code share } } } }`;

  it('starts with the import and ends with the latest change, paged by cursor', async () => {
    const first = await execute(feedQuery, { first: 2 });
    expect(first.errors).toBeUndefined();
    const page = first.data?.unitChanges as {
      totalCount: number;
      headCursor: string;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      nodes: { sequence: number; effectiveDate: string }[];
    };
    expect(page.nodes).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totalCount).toBeGreaterThan(10_000);
    const second = await execute(feedQuery, { after: page.pageInfo.endCursor, first: 2 });
    const next = second.data?.unitChanges as typeof page;
    expect(next.nodes[0]!.sequence).toBeGreaterThan(page.nodes[1]!.sequence);
    expect(next.totalCount).toBe(page.totalCount - 2);

    const atHead = await execute(feedQuery, { after: page.headCursor });
    expect(atHead.data?.unitChanges).toMatchObject({
      totalCount: 0,
      nodes: [],
      pageInfo: { hasNextPage: false, endCursor: page.headCursor },
    });
  });

  it('serves a new change after the head, and the address index follows it', async () => {
    const head = (
      (await execute(feedQuery, { first: 0 })).data?.unitChanges as { headCursor: string }
    ).headCursor;
    await applyChangeSet(
      graph.database.db,
      JSON.stringify({
        id: '2099-01-01-feed-test',
        title: 'Test',
        effectiveDate: '2099-01-01',
        sources: ['https://example.org'],
        operations: [
          { op: 'update', code: '00097', set: { name: 'Hồng Hà Mới' } },
          { op: 'abolish', code: '00103', successors: [{ code: '00097', share: 'WHOLE' }] },
        ],
      }),
    );
    const result = await execute(feedQuery, { after: head });
    expect(result.errors).toBeUndefined();
    expect((result.data?.unitChanges as { nodes: unknown[] }).nodes).toEqual([
      {
        sequence: expect.any(Number),
        code: '00097',
        kind: 'CHANGED',
        effectiveDate: '2099-01-01',
        before: { name: 'Hồng Hà' },
        after: { name: 'Hồng Hà Mới', type: 'WARD' },
        successors: [],
        predecessors: [{ code: '00103', share: 'WHOLE' }],
      },
      {
        sequence: expect.any(Number),
        code: '00103',
        kind: 'ABOLISHED',
        effectiveDate: '2099-01-01',
        before: { name: expect.any(String) },
        after: null,
        successors: [{ code: '00097', share: 'WHOLE' }],
        predecessors: [],
      },
    ]);
    const renamed = await best('Phường Hồng Hà Mới, Hà Nội', '2099-01-01');
    expect(renamed?.unit).toMatchObject({ code: '00097', fullName: 'Phường Hồng Hà Mới' });
    // The old Phúc Xá is now carried on by the renamed ward.
    expect((await best('P. Phúc Xá, Q. Ba Đình, HN', '2099-06-01'))?.carriedOnBy).toEqual([
      { share: 'WHOLE', unit: { code: '00097', fullName: 'Phường Hồng Hà Mới' } },
    ]);
  });

  it('refuses a page over 1,000 and a cursor of another list', async () => {
    const tooMany = await execute(feedQuery, { first: 1001 });
    expectBadArgument(tooMany, 'first');
    const forged = await execute(feedQuery, {
      after: Buffer.from('unit:00001').toString('base64url'),
    });
    expectBadArgument(forged, 'after');
  });
});
