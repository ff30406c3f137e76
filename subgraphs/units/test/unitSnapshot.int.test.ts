import { anonymousIdentity } from '@home-affairs/identity';
import { createLogger } from '@home-affairs/service';
import {
  describeConcurrent,
  startTestSubgraph,
  type TestAnswer,
  writerIdentity,
} from '@home-affairs/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChangeSet } from '../src/changeSets/applyChangeSet.ts';
import { administrativeUnits } from '../src/db/schema.ts';
import {
  createSubgraph,
  migrationsFolder,
  openUnitsDatabase,
  schema,
  type UnitsDatabaseHandle,
} from '../src/server.ts';
import { readHistoryRevision } from '../src/units/unitSnapshotCache.ts';
import { insertFixture } from './fixtures.ts';

/**
 * The in-memory unit snapshot (units/unitSnapshot.ts) against every way the history is written:
 * each write, by whichever path and whichever replica, is seen by the next read of every replica.
 */
const writer = writerIdentity('units');
let graph: Awaited<ReturnType<typeof start>>;
/** A second units server on the same database (its own pool and snapshot): Postgres only. */
let replica: { subgraph: ReturnType<typeof createSubgraph>; database: UnitsDatabaseHandle };

function start() {
  return startTestSubgraph({
    name: 'units',
    database: { name: 'units_snapshot', schema, migrationsFolder },
    create: (parts) =>
      createSubgraph({
        ...parts,
        prepare: (handle) => insertFixture(handle.db),
      }),
  });
}

beforeAll(async () => {
  graph = await start();
  if (graph.database.url) {
    const database = await openUnitsDatabase({ url: graph.database.url, poolSize: 2 });
    const subgraph = createSubgraph({
      database,
      logger: createLogger('units-test', 'silent'),
      readIdentity: graph.signed.readIdentity,
      prepare: async () => {},
    });
    await subgraph.prepare();
    replica = { subgraph, database };
  }
});

afterAll(async () => {
  await replica?.subgraph.apollo.stop();
  await replica?.database.close();
  await graph?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in the assertions
type Data = any;

/** The servers: the test subgraph, and the second replica when there is one. */
const servers = () => [graph.subgraph, ...(replica ? [replica.subgraph] : [])];

function execute(
  server: ReturnType<typeof createSubgraph>,
  query: string,
  variables: Record<string, unknown> = {},
  identity = anonymousIdentity,
): Promise<TestAnswer<Data>> {
  return graph.signed.execute<Data>(server, identity, query, variables);
}

/** Unit `code` as of `asOf` on every server (each reads its own snapshot). */
async function unitEverywhere(code: string, asOf: string) {
  const query = `query ($code: ID!, $asOf: Date) { unit(code: $code, asOf: $asOf) {
    name type validTo parent { code } province { code } } }`;
  return Promise.all(
    servers().map(async (server) => {
      const answer = await execute(server, query, { code, asOf });
      expect(answer.errors).toBeUndefined();
      return answer.data.unit;
    }),
  );
}

/** The codes of the communes of Nghệ An as of `asOf`, on every server. */
function communesEverywhere(asOf: string) {
  const query = `query ($asOf: Date) { units(level: COMMUNE, provinceCode: "40", asOf: $asOf) {
    totalCount nodes { code } } }`;
  return Promise.all(
    servers().map(async (server) => {
      const answer = await execute(server, query, { asOf });
      expect(answer.errors).toBeUndefined();
      return answer.data.units.nodes.map((node: { code: string }) => node.code);
    }),
  );
}

/** Runs a correction mutation on the last server (the replica when there is one). */
async function correct(field: string, input: Record<string, unknown>) {
  const server = servers().at(-1)!;
  const answer = await execute(
    server,
    `mutation ($input: ${field[0]!.toUpperCase()}${field.slice(1)}Input!) {
      ${field}(input: $input) { dryRun correction { id } } }`,
    { input },
    writer,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data[field];
}

const basis = { legalBasis: 'test/2026', effectiveDate: '2025-03-01' };

describe('the unit snapshot follows every write', () => {
  it('renameUnit: the new name from its day, the old one before (asOf)', async () => {
    expect(await unitEverywhere('16684', '2025-03-01')).toEqual(
      servers().map(() => expect.objectContaining({ name: 'Hà Huy Tập' })),
    );
    await correct('renameUnit', {
      ...basis,
      idempotencyKey: 'snapshot-rename',
      code: '16684',
      name: 'Hà Huy Tập Mới',
    });
    for (const unit of await unitEverywhere('16684', '2025-03-01')) {
      expect(unit.name).toBe('Hà Huy Tập Mới');
    }
    for (const unit of await unitEverywhere('16684', '2025-02-28')) {
      expect(unit.name).toBe('Hà Huy Tập');
    }
  });

  it('a dry run leaves the revision as it was', async () => {
    const before = await readHistoryRevision(graph.database.db);
    const payload = await correct('renameUnit', {
      ...basis,
      idempotencyKey: 'snapshot-dry-run',
      code: '16681',
      name: 'Never',
      dryRun: true,
    });
    expect(payload.dryRun).toBe(true);
    expect(await readHistoryRevision(graph.database.db)).toBe(before);
    for (const unit of await unitEverywhere('16681', '2025-03-01'))
      expect(unit.name).not.toBe('Never');
  });

  it('splitUnit, then retypeUnit: the new part and its type', async () => {
    await communesEverywhere('2026-09-01');
    await correct('splitUnit', {
      idempotencyKey: 'snapshot-split',
      legalBasis: 'test/2026',
      effectiveDate: '2026-09-01',
      code: '16738',
      parts: [{ code: '16738' }, { code: '16799', name: 'Quế Sơn', type: 'COMMUNE' }],
    });
    for (const codes of await communesEverywhere('2026-09-01')) expect(codes).toContain('16799');
    for (const codes of await communesEverywhere('2026-08-31'))
      expect(codes).not.toContain('16799');
    await correct('retypeUnit', {
      idempotencyKey: 'snapshot-retype',
      legalBasis: 'test/2026',
      effectiveDate: '2026-09-01',
      code: '16799',
      type: 'WARD',
    });
    for (const unit of await unitEverywhere('16799', '2026-09-01')) expect(unit.type).toBe('WARD');
  });

  it('mergeUnits: the merged unit ends on the day', async () => {
    for (const unit of await unitEverywhere('16690', '2026-06-01')) expect(unit.validTo).toBeNull();
    await correct('mergeUnits', {
      idempotencyKey: 'snapshot-merge',
      legalBasis: 'test/2026',
      effectiveDate: '2026-06-01',
      codes: ['16690'],
      intoCode: '16681',
    });
    for (const unit of await unitEverywhere('16690', '2026-06-01')) {
      expect(unit.validTo).toBe('2026-06-01');
    }
  });

  it('recordLineageLinks: the revision moves (links are read from the database)', async () => {
    const before = await readHistoryRevision(graph.database.db);
    await correct('recordLineageLinks', {
      idempotencyKey: 'snapshot-links',
      legalBasis: 'test/2024',
      effectiveDate: '2024-01-01',
      links: [{ predecessorCode: '16687', successorCode: '16681', share: 'PART' }],
    });
    expect(await readHistoryRevision(graph.database.db)).not.toBe(before);
  });
});

describe('the unit snapshot follows writes outside the graph', () => {
  it('a change set applied to the database', async () => {
    await unitEverywhere('16681', '2026-10-01');
    const changeSet = {
      id: '2026-10-01-snapshot',
      title: 'Snapshot test',
      resolution: '1/2026/TEST',
      effectiveDate: '2026-10-01',
      sources: ['https://example.org/resolution'],
      operations: [{ op: 'update', code: '16681', set: { name: 'Vinh Mới' } }],
    };
    await applyChangeSet(graph.database.db, JSON.stringify(changeSet));
    for (const unit of await unitEverywhere('16681', '2026-10-01'))
      expect(unit.name).toBe('Vinh Mới');
  });

  it('an insert, update and delete made in SQL, outside the graph', async () => {
    await communesEverywhere('2027-01-01');
    await graph.database.db.insert(administrativeUnits).values({
      code: '16970',
      level: 'COMMUNE',
      type: 'COMMUNE',
      name: 'Thử',
      fullName: 'Xã Thử',
      searchKey: 'xa thu 16970',
      parentCode: '40',
      provinceCode: '40',
      source: 'test',
    });
    for (const codes of await communesEverywhere('2027-01-01')) expect(codes).toContain('16970');
    await graph.database.db
      .update(administrativeUnits)
      .set({ name: 'Thử Lại' })
      .where(eq(administrativeUnits.code, '16970'));
    for (const unit of await unitEverywhere('16970', '2027-01-01'))
      expect(unit.name).toBe('Thử Lại');
    await graph.database.db.execute(
      sql`DELETE FROM units.administrative_units WHERE code = '16970'`,
    );
    for (const codes of await communesEverywhere('2027-01-01')) {
      expect(codes).not.toContain('16970');
    }
  });
});

describeConcurrent('two units servers on one Postgres database', () => {
  it('each sees a write made through the other', async () => {
    expect(servers()).toHaveLength(2);
    const [first, second] = servers() as [
      ReturnType<typeof createSubgraph>,
      ReturnType<typeof createSubgraph>,
    ];
    const rename = (server: typeof first, name: string, key: string) =>
      execute(
        server,
        `mutation ($input: RenameUnitInput!) { renameUnit(input: $input) { correction { id } } }`,
        {
          input: {
            idempotencyKey: key,
            legalBasis: 'test/2026',
            effectiveDate: '2026-11-01',
            code: '16681',
            name,
          },
        },
        writer,
      );
    await unitEverywhere('16681', '2026-11-01');
    expect((await rename(first, 'Một', 'snapshot-replica-1')).errors).toBeUndefined();
    expect((await unitEverywhere('16681', '2026-11-01')).map((unit) => unit.name)).toEqual([
      'Một',
      'Một',
    ]);
    expect((await rename(second, 'Hai', 'snapshot-replica-2')).errors).toBeUndefined();
    expect((await unitEverywhere('16681', '2026-11-01')).map((unit) => unit.name)).toEqual([
      'Hai',
      'Hai',
    ]);
  });
});
