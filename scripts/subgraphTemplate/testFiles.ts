import type { TemplateNames } from './templateNames.ts';

/** The template of `test/startSubgraph.ts`. */
function testStartSubgraphTs({ name, NAME, withDirectory }: TemplateNames): string {
  return `import { startTestSubgraph } from '@home-affairs/testing';
import { createSubgraph, migrationsFolder, schema } from '../src/server.ts';
${withDirectory ? `import { fixtureDirectory } from './fixtureDirectory.ts';\n` : ''}
/** The ${name} subgraph over ${withDirectory ? 'the fixture directory' : 'two offices'} for one test file (startTestSubgraph). */
export function startSubgraph(name: string) {
  return startTestSubgraph({
    name: '${name}',
    database: { name, schema, migrationsFolder },${
      withDirectory
        ? ''
        : `
    seed: async (database) => {
      await database.db.insert(schema.offices).values([
        { code: '${NAME}-01', name: 'Văn phòng Hà Nội', unitCode: '01', openedOn: '2025-07-01', headName: 'Trần Thị Bình' },
        { code: '${NAME}-40', name: 'Văn phòng Nghệ An', unitCode: '40', openedOn: '2025-07-01', headName: 'Nguyễn Văn An' },
      ]);
    },`
    }
    create: (parts) => createSubgraph(${withDirectory ? '{ ...parts, loadDirectory: async () => fixtureDirectory }' : 'parts'}),
  });
}
`;
}

/** The template of `test/offices.int.test.ts`. */
function testOfficesIntTestTs({ name, NAME }: TemplateNames): string {
  return `import { writerIdentity } from '@home-affairs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraph } from './startSubgraph.ts';

let graph: Awaited<ReturnType<typeof startSubgraph>>;
beforeAll(async () => {
  graph = await startSubgraph('${name}');
});
afterAll(async () => {
  await graph?.close();
});

const run = <TData = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
  graph.execute<TData>(query, variables);

describe('the ${name} subgraph', () => {
  it('lists its offices in pages, in code order', async () => {
    const query = \`query Page($after: String) {
      ${name}Offices(first: 1, after: $after) { totalCount nodes { code unit { code } } pageInfo { hasNextPage endCursor } }
    }\`;
    type Page = {
      ${name}Offices: {
        totalCount: number;
        nodes: { code: string; unit: { code: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const first = await run<Page>(query);
    expect(first.errors).toBeUndefined();
    expect(first.data?.${name}Offices.totalCount).toBe(2);
    expect(first.data?.${name}Offices.nodes).toEqual([{ code: '${NAME}-01', unit: { code: '01' } }]);
    const second = await run<Page>(query, { after: first.data?.${name}Offices.pageInfo.endCursor });
    expect(second.data?.${name}Offices.nodes).toEqual([{ code: '${NAME}-40', unit: { code: '40' } }]);
    expect(second.data?.${name}Offices.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a malformed unit code and an oversized page with client codes', async () => {
    const badUnit = await run('{ ${name}Offices(unitCode: "Nghe An") { totalCount } }');
    expect(badUnit.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'unitCode',
    });
    const badPage = await run('{ ${name}Offices(first: 100000) { totalCount } }');
    expect(badPage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('adds its offices to the units the gateway resolves, in one statement for many units', async () => {
    const query = \`query Units($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on AdministrativeUnit { code ${name}Offices { code } }
      }
    }\`;
    const representations = ['40', '01', '16681'].map((code) => ({
      __typename: 'AdministrativeUnit',
      code,
    }));
    const { result, statements } = await graph.measure(() => run(query, { representations }));
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { code: '40', ${name}Offices: [{ code: '${NAME}-40' }] },
      { code: '01', ${name}Offices: [{ code: '${NAME}-01' }] },
      { code: '16681', ${name}Offices: [] },
    ]);
    expect(statements).toBe(1);
  });

  it('serves the head of an office to its own ministry only', async () => {
    const query = '{ ${name}Office(code: "${NAME}-40") { name headName } }';
    const anonymous = await run(query);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const ministry = await graph.execute<{ ${name}Office: { headName: string } }>(
      query,
      {},
      writerIdentity('${name}'),
    );
    expect(ministry.errors).toBeUndefined();
    expect(ministry.data?.${name}Office.headName).toMatch(/\\S+ \\S+/);
  });
});
`;
}

/** The subgraph's integration test, over startTestSubgraph. */
export function testFiles(names: TemplateNames): Record<string, string> {
  return {
    'test/startSubgraph.ts': testStartSubgraphTs(names),
    'test/offices.int.test.ts': testOfficesIntTestTs(names),
  };
}
