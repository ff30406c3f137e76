import { createForwardedIdentityReader } from '@home-affairs/identity';
import { createLogger } from '@home-affairs/service';
import { expectBadArgument } from '@home-affairs/testing';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraph, type UnitsDatabaseHandle } from '../src/server.ts';
import { startSubgraph } from './startSubgraph.ts';

let graph: Awaited<ReturnType<typeof startSubgraph>>;

beforeAll(async () => {
  graph = await startSubgraph('units');
});

afterAll(async () => {
  await graph?.close();
});

function execute(query: string, variables: Record<string, unknown> = {}) {
  return graph.execute(query, variables);
}

describe('unit(code, asOf)', () => {
  it('gives the version in force on the day asked for', async () => {
    const query = `query ($asOf: Date) { unit(code: "16681", asOf: $asOf) {
      fullName inForce validFrom validTo parent { code fullName } province { code } } }`;
    const before = await execute(query, { asOf: '2025-06-30' });
    expect(before.data?.unit).toEqual({
      fullName: 'Phường Đông Vĩnh',
      inForce: true,
      validFrom: null,
      validTo: '2025-07-01',
      parent: { code: '412', fullName: 'Thành phố Vinh' },
      province: { code: '40' },
    });
    const after = await execute(query, { asOf: '2025-07-01' });
    expect(after.data?.unit).toMatchObject({
      fullName: 'Phường Thành Vinh',
      parent: { code: '40', fullName: 'Tỉnh Nghệ An' },
    });
    const renamed = await execute(query, { asOf: '2026-03-01' });
    expect(renamed.data?.unit).toMatchObject({ fullName: 'Phường Vinh Phú', validTo: null });
  });

  it('resolves an abolished code to its last version and its current successors', async () => {
    const result = await execute(`{ unit(code: "16687") {
      fullName inForce parent { fullName }
      successors { share effectiveDate unit { code fullName inForce } }
      currentUnits { code fullName } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.unit).toEqual({
      fullName: 'Xã Nghi Phú',
      inForce: false,
      parent: { fullName: 'Thành phố Vinh' },
      successors: [
        {
          share: 'PART',
          effectiveDate: '2025-07-01',
          unit: { code: '16681', fullName: 'Phường Thành Vinh', inForce: true },
        },
        {
          share: 'PART',
          effectiveDate: '2025-07-01',
          unit: { code: '16690', fullName: 'Phường Vinh Hưng', inForce: true },
        },
      ],
      // 16681 was renamed after the merger: the current units follow that too.
      currentUnits: [
        { code: '16681', fullName: 'Phường Vinh Phú' },
        { code: '16690', fullName: 'Phường Vinh Hưng' },
      ],
    });
  });

  it('lists predecessors with their share, and the whole history of a code', async () => {
    const result = await execute(`{ unit(code: "16681", asOf: "2025-07-01") {
      predecessors { share resolution unit { code fullName inForce } }
      history { fullName validFrom validTo } } }`);
    expect(result.data?.unit).toEqual({
      predecessors: [
        {
          share: 'WHOLE',
          resolution: null,
          unit: { code: '16681', fullName: 'Phường Đông Vĩnh', inForce: true },
        },
        {
          share: 'WHOLE',
          resolution: null,
          unit: { code: '16684', fullName: 'Phường Hà Huy Tập', inForce: true },
        },
        {
          share: 'PART',
          resolution: null,
          unit: { code: '16687', fullName: 'Xã Nghi Phú', inForce: true },
        },
      ],
      history: [
        { fullName: 'Phường Đông Vĩnh', validFrom: null, validTo: '2025-07-01' },
        { fullName: 'Phường Thành Vinh', validFrom: '2025-07-01', validTo: '2026-03-01' },
        { fullName: 'Phường Vinh Phú', validFrom: '2026-03-01', validTo: null },
      ],
    });
  });

  it('is null for an unknown code and for a code that did not exist yet', async () => {
    const result = await execute(
      '{ unknown: unit(code: "99999") { code } notYet: unit(code: "16690", asOf: "2025-06-30") { code } }',
    );
    expect(result.data).toEqual({ unknown: null, notYet: null });
  });
});

describe('units(...)', () => {
  it('gives the hierarchy as it stood on each day', async () => {
    const query = `query ($asOf: Date) {
      provinces: units(level: PROVINCE, asOf: $asOf) { totalCount }
      districts: units(level: DISTRICT, asOf: $asOf) { totalCount }
      communes: units(level: COMMUNE, asOf: $asOf) { totalCount nodes { code type } } }`;
    const before = await execute(query, { asOf: '2025-06-30' });
    expect(before.data).toMatchObject({
      provinces: { totalCount: 1 },
      districts: { totalCount: 2 },
      communes: { totalCount: 4 },
    });
    const after = await execute(query, { asOf: '2025-07-01' });
    expect(after.data).toMatchObject({
      provinces: { totalCount: 1 },
      districts: { totalCount: 0 },
      communes: {
        totalCount: 3,
        nodes: [
          { code: '16681', type: 'WARD' },
          { code: '16690', type: 'WARD' },
          { code: '16738', type: 'COMMUNE' },
        ],
      },
    });
  });

  it('searches regardless of case, diacritics, Unicode form and đ', async () => {
    const query =
      'query ($search: String) { units(search: $search, asOf: "2025-06-30") { nodes { code } } }';
    for (const search of ['nghe an', 'NGHỆ AN', 'Nghệ An'.normalize('NFD'), 'dong vinh', '1668']) {
      const result = await execute(query, { search });
      expect(result.data?.units, search).toBeDefined();
      const codes = (result.data?.units as { nodes: { code: string }[] }).nodes.map(
        (node) => node.code,
      );
      if (search === '1668') expect(codes).toEqual(['16681', '16684', '16687']);
      else if (search === 'dong vinh') expect(codes).toEqual(['16681']);
      else expect(codes).toContain('40');
    }
  });

  it('pages with cursors and keeps totalCount over all pages', async () => {
    const query = `query ($after: String) { units(level: COMMUNE, asOf: "2025-06-30", first: 3, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { code } } }`;
    const first = await execute(query);
    const page1 = first.data?.units as {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      nodes: { code: string }[];
    };
    expect(page1.totalCount).toBe(4);
    expect(page1.nodes.map((node) => node.code)).toEqual(['16681', '16684', '16687']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await execute(query, { after: page1.pageInfo.endCursor });
    expect(second.data?.units).toMatchObject({
      totalCount: 4,
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
      nodes: [{ code: '16738' }],
    });
  });

  it('refuses bad arguments with coded errors', async () => {
    const tooMany = await execute('{ units(first: 5001) { totalCount } }');
    expectBadArgument(tooMany, 'first');
    const badCursor = await execute('{ units(after: "bm90LWEtY3Vyc29y") { totalCount } }');
    expectBadArgument(badCursor, 'after');
    const badDate = await execute('query ($asOf: Date) { units(asOf: $asOf) { totalCount } }', {
      asOf: '2025-02-30',
    });
    expect(badDate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // A literal is checked while the document is validated, before any resolver runs.
    const badLiteral = await execute('{ units(asOf: "30/06/2025") { totalCount } }');
    expect(badLiteral.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('identity', () => {
  it('refuses a request that does not carry the gateway signature', async () => {
    const { publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const strict = createSubgraph({
      database: graph.database as UnitsDatabaseHandle,
      logger: createLogger('units-test', 'silent'),
      readIdentity: createForwardedIdentityReader({
        subgraph: 'units',
        publicKey: await exportJWK(publicKey),
      }),
      prepare: async () => {},
    });
    await strict.prepare();
    const unsigned = strict.context({ req: { headers: {} } });
    await expect(unsigned).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const forged = strict.context({ req: { headers: { 'x-gateway-identity': 'e30.e30.e30' } } });
    await expect(forged).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('batching', () => {
  it('loads children of many parents and their provinces in constant statements', async () => {
    const { result, statements } = await graph.measure(() =>
      execute(`{ units(level: DISTRICT, asOf: "2025-06-30") { nodes {
        province { name } children { totalCount nodes { code parent { code } province { code } } } } } }`),
    );
    expect(result.errors).toBeUndefined();
    const districts = (result.data?.units as { nodes: { children: { totalCount: number } }[] })
      .nodes;
    expect(districts.map((district) => district.children.totalCount)).toEqual([3, 1]);
    // The versions are read from the in-memory unit snapshot (units/unitSnapshot.ts), which an
    // earlier test has read: one statement, the history revision check, whatever the number of
    // districts (it was one per level of the query when every level read the database).
    expect(statements).toBe(1);
  });

  it('resolves 500 entity references with one statement', async () => {
    const representations = Array.from({ length: 500 }, (_, index) => ({
      __typename: 'AdministrativeUnit',
      code: ['40', '16681', '16690', '16738', '16687'][index % 5],
    }));
    const { result, statements } = await graph.measure(() =>
      execute(
        'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on AdministrativeUnit { code name } } }',
        { representations },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect((result.data?._entities as unknown[]).length).toBe(500);
    expect(statements).toBe(1);
  });
});
