import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { todayInVietnam } from '@home-affairs/graphql';
import { createLogger, type HttpService } from '@home-affairs/service';
import { applyChangeSet } from '@home-affairs/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponseCache, type ResponseCache } from './cache/index.ts';
import { subgraphs } from './subgraphs.ts';
import { postGraphQL } from './testing/postGraphQL.ts';
import type { DemoSubgraphs } from './testing/startDemoSubgraphs.ts';
import { startSecuredDemoGraph } from './testing/startSecuredDemoGraph.ts';
import type { SecuredGateway } from './testing/startSecuredGateway.ts';
import { startTestGateway } from './testing/startTestGateway.ts';
import {
  expectMerged as expectMergedAt,
  type Figures,
  figuresOf,
  period,
  readProvince as readProvinceAt,
  readUnit as readUnitAt,
  type UnitAnswer,
  type UnitVersion,
  unitFields,
  within,
} from './testing/unitFigures.ts';

// A merge of communes recorded in the units subgraph reaches the three agency subgraphs through
// the feed of unit changes, without restarting anything: the seats (associations), the
// committees and their staffing (personnel) and the dossier counters (procedures) of the
// abolished commune move to its successor, and every total stays the same. The four real
// subgraphs, each over its own database, behind the in-process gateway; the agency subgraphs poll
// the feed every second.
//
// The first merge is recorded by the units ministry through the graph: `mergeUnits` as a
// `write:units` writer through a secured gateway with its response cache on (ADR 0014), a dry run
// first, and read back through the same gateway, so that a cached answer left stale by the feed
// would show. The others go through the change-set path of the units subgraph (applyChangeSet,
// what `pnpm --filter @home-affairs/units changeset:apply` runs), the other path into the same
// history.

const province = '40';
const intervalMilliseconds = 1000;

let graph: DemoSubgraphs;
let gateway: HttpService;
let secured: SecuredGateway;
let responseCache: ResponseCache;

beforeAll(async () => {
  // The agency subgraphs announce their re-attributions where the secured gateway's cache hears.
  const cacheInvalidation = {
    redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    channel: `test:unit-changes:${randomUUID()}`,
  };
  responseCache = await createResponseCache(
    cacheInvalidation,
    createLogger('unit-changes-test', 'silent'),
  );
  ({ graph, gateway: secured } = await startSecuredDemoGraph({
    subgraphs: {
      demoDossiers: 40_000,
      unitFeedIntervalMilliseconds: intervalMilliseconds,
      cacheInvalidation,
    },
    identityCheckedBy: ['units'],
    gateway: { trustedDocuments: [], responseCache },
  }));
  gateway = await startTestGateway(subgraphs, graph.urls);
}, 240_000);

afterAll(async () => {
  await secured?.close();
  await responseCache?.close();
  await gateway?.close();
  await graph?.dispose();
});

/** The province's communes and totals through the gateway at `url` (the plain one unless told). */
const readProvince = (url = gateway.url) => readProvinceAt(url, province);
/** One unit through the gateway at `url` (the plain one unless told). */
const readUnit = (code: string, url = gateway.url) => readUnitAt(code, url);
/** What the graph must show at `url` once `merged` is carried into `into`. */
const expectMerged = (
  before: Awaited<ReturnType<typeof readProvince>>,
  merged: Figures,
  into: Figures,
  url = gateway.url,
) => expectMergedAt(before, merged, into, url, province);

/** Records `operations` as a change set effective today, through the change-set path. */
function recordChangeSet(id: string, title: string, operations: unknown[]) {
  return applyChangeSet(
    graph.units.database.db,
    JSON.stringify({
      id,
      title,
      resolution: '999/NQ-UBTVQH16',
      effectiveDate: todayInVietnam(),
      sources: ['https://example.org/test-resolution'],
      operations,
    }),
  );
}

/** Records the merge of `merged` into `into` on today's date through the change-set path. */
function recordMerge(id: string, merged: string, into: string) {
  return recordChangeSet(id, `Test merge of ${merged} into ${into}`, [
    { op: 'abolish', code: merged, successors: [{ code: into, share: 'WHOLE' }] },
  ]);
}

describe('unit changes reach every agency subgraph', () => {
  let communes: Figures[];
  /** The current figures of the commune chosen `position`th in the first test. */
  const chosen = (figures: Map<string, Figures>, position: number) => {
    const code = communes[position]?.code;
    const commune = code === undefined ? undefined : figures.get(code);
    if (!commune) throw new Error(`commune ${position} is not in force`);
    return commune;
  };

  it('carries a merge recorded through the graph (dry run, then for real) to the successor within seconds, totals unchanged', async () => {
    const before = await readProvince(secured.url);
    // Communes with something in each agency subgraph, so that every move is visible.
    communes = [...before.communes.values()].filter(
      (commune) => commune.organizations > 0 && commune.quota > 0 && commune.received > 0,
    );
    expect(communes.length).toBeGreaterThanOrEqual(6);
    const [into, merged] = communes as [Figures, Figures];
    // Read once more, so that the gateway holds these answers in its cache and serves them.
    await readUnit(merged.code, secured.url);
    const hits = responseCache.counters.hits;
    expect(await readProvince(secured.url)).toEqual(before);
    expect(responseCache.counters.hits).toBe(hits + 1);

    const writer = await secured.writerToken('units');
    const merge = (dryRun: boolean) =>
      postGraphQL<{
        mergeUnits: {
          dryRun: boolean;
          correction: { operation: string; legalBasis: string } | null;
          changes: {
            linksAdded: { predecessorCode: string; successorCode: string; share: string }[];
            reattributedFrom: UnitAnswer[];
          };
        };
      }>(
        secured.url,
        `mutation Merge($input: MergeUnitsInput!, $from: Date!, $to: Date!) {
          mergeUnits(input: $input) {
            dryRun
            correction { operation legalBasis }
            changes {
              linksAdded { predecessorCode successorCode share }
              reattributedFrom { ${unitFields} }
            }
          }
        }`,
        {
          headers: { authorization: `Bearer ${writer}` },
          variables: {
            ...period,
            input: {
              idempotencyKey: `test-merge-${merged.code}`,
              dryRun,
              legalBasis: '999/NQ-UBTVQH16',
              effectiveDate: todayInVietnam(),
              codes: [merged.code],
              intoCode: into.code,
            },
          },
        },
      );

    // The dry run names what would move, and from where, and writes nothing anywhere.
    const dryRun = await merge(true);
    expect(dryRun.errors).toBeUndefined();
    expect(dryRun.data!.mergeUnits.dryRun).toBe(true);
    expect(dryRun.data!.mergeUnits.correction).toBeNull();
    expect(dryRun.data!.mergeUnits.changes.linksAdded).toContainEqual({
      predecessorCode: merged.code,
      successorCode: into.code,
      share: 'WHOLE',
    });
    expect(dryRun.data!.mergeUnits.changes.reattributedFrom.map(figuresOf)).toEqual([merged]);
    // Past a poll of the feed: had the dry run written anything, the followers would apply it.
    await sleep(intervalMilliseconds * 2);
    expect(await readProvince(secured.url)).toEqual(before);
    expect(await readProvince()).toEqual(before);
    const corrections = await postGraphQL<{ unitCorrections: { totalCount: number } }>(
      secured.url,
      '{ unitCorrections(first: 0) { totalCount } }',
    );
    expect(corrections.errors).toBeUndefined();
    const recorded = corrections.data!.unitCorrections.totalCount;

    const written = await merge(false);
    expect(written.errors).toBeUndefined();
    expect(written.data!.mergeUnits).toMatchObject({
      dryRun: false,
      correction: { operation: 'mergeUnits', legalBasis: '999/NQ-UBTVQH16' },
    });
    const waited = await within(15_000, () => expectMerged(before, merged, into, secured.url));
    // Within a poll interval and the time to apply and read back, on a loaded machine.
    expect(waited).toBeLessThan(10_000);
    console.info(
      `merge recorded through the graph propagated to the three agency subgraphs in ${Math.round(waited)} ms (load average ${loadavg()[0]!.toFixed(2)})`,
    );
    // The uncached gateway agrees, and the history holds one correction more.
    await expectMerged(before, merged, into);
    const history = await postGraphQL<{ unitCorrections: { totalCount: number } }>(
      gateway.url,
      '{ unitCorrections(first: 0) { totalCount } }',
    );
    expect(history.data!.unitCorrections.totalCount).toBe(recorded + 1);
  }, 60_000);

  it.each([
    // Personnel and procedures apply it while associations is down.
    [
      'resumes from its cursor after its own restart, applying what it missed while down',
      'associations',
      2,
    ],
    // Every follower fails to read the feed at least once.
    ["resumes after the units subgraph's downtime", 'units', 3],
  ] as const)(
    '%s',
    async (_, restarted, position) => {
      const before = await readProvince();
      const into = chosen(before.communes, 0);
      const merged = chosen(before.communes, position);
      await graph[restarted].restart(async () => {
        await recordMerge(`2099-01-01-test-merge-${position}`, merged.code, into.code);
        await sleep(intervalMilliseconds * 2);
      });
      await within(15_000, () => expectMerged(before, merged, into));
    },
    60_000,
  );

  it('carries two communes merged into a new unit to it, with a committee of its own', async () => {
    const before = await readProvince();
    const first = chosen(before.communes, 4);
    const second = chosen(before.communes, 5);
    const code = '99990';
    await recordChangeSet('2099-01-01-test-merge-4', 'Test merge into a new ward', [
      {
        op: 'establish',
        code,
        level: 'COMMUNE',
        type: 'WARD',
        name: 'Thử Nghiệm',
        parentCode: province,
        predecessors: [
          { code: first.code, share: 'WHOLE' },
          { code: second.code, share: 'WHOLE' },
        ],
      },
      { op: 'abolish', code: first.code, successors: [{ code, share: 'WHOLE' }] },
      { op: 'abolish', code: second.code, successors: [{ code, share: 'WHOLE' }] },
    ]);
    await within(15_000, async () => {
      const after = await readProvince();
      expect(after.communes.has(first.code)).toBe(false);
      expect(after.communes.has(second.code)).toBe(false);
      const sumOf = (field: keyof Omit<Figures, 'code'>) => first[field] + second[field];
      expect(after.communes.get(code)).toEqual({
        code,
        organizations: sumOf('organizations'),
        quota: sumOf('quota'),
        headcount: sumOf('headcount'),
        // The new ward's committee, established by the feed; the two old ones merged into it.
        agencies: 1,
        received: sumOf('received'),
        resolved: sumOf('resolved'),
        pending: sumOf('pending'),
      });
      expect(after.totals).toEqual({ ...before.totals, agencies: before.totals.agencies - 1 });
      const gone = await readUnit(first.code);
      expect(gone.committee.successor).toEqual({ code: `UBND-${code}` });
    });
  }, 60_000);

  it('answers asOf before and after a correction inserted in the middle of history, through the caching gateway', async () => {
    // A commune of the province in force from before 2025-03-01 until the reform, renamed from
    // 2025-03-01: the correction splits its last pre-reform version in two.
    const listed = await postGraphQL<{
      units: { nodes: (UnitVersion & { code: string })[] };
    }>(
      secured.url,
      `query Before($province: ID!) {
        units(level: COMMUNE, provinceCode: $province, asOf: "2025-02-28", first: 500) {
          nodes { code name fullName validFrom validTo }
        }
      }`,
      { variables: { province } },
    );
    expect(listed.errors).toBeUndefined();
    const ward = listed.data!.units.nodes.find(
      (unit) => unit.validTo === '2025-07-01' && (unit.validFrom ?? '') < '2025-03-01',
    );
    if (!ward) throw new Error('no commune in force from before 2025-03-01 to the reform');
    const { code, ...before } = ward;
    const unitOn = async (asOf: string) => {
      const response = await postGraphQL<{ unit: UnitVersion }>(
        secured.url,
        `query UnitOn($code: ID!, $asOf: Date!) {
          unit(code: $code, asOf: $asOf) { name fullName validFrom validTo }
        }`,
        { variables: { code, asOf } },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.unit;
    };
    expect(await unitOn('2025-02-28')).toEqual(before);
    expect(await unitOn('2025-06-30')).toEqual(before);
    // Cached now: the second read is served by the gateway.
    const hits = responseCache.counters.hits;
    expect(await unitOn('2025-06-30')).toEqual(before);
    expect(responseCache.counters.hits).toBe(hits + 1);
    const successorsToday = async () => {
      const response = await postGraphQL<{ unit: { successors: { unit: { code: string } }[] } }>(
        secured.url,
        'query Today($code: ID!) { unit(code: $code) { successors { unit { code } } } }',
        { variables: { code } },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.unit.successors;
    };
    const successors = await successorsToday();
    expect(successors.length).toBeGreaterThan(0);
    const name = `${before.name} Mới`;

    const rename = await postGraphQL<{ renameUnit: { dryRun: boolean } }>(
      secured.url,
      `mutation Rename($input: RenameUnitInput!) { renameUnit(input: $input) { dryRun } }`,
      {
        headers: { authorization: `Bearer ${await secured.writerToken('units')}` },
        variables: {
          input: {
            idempotencyKey: `test-rename-${code}`,
            legalBasis: '1234/NQ-UBTVQH15',
            effectiveDate: '2025-03-01',
            code,
            name,
          },
        },
      },
    );
    expect(rename.errors).toBeUndefined();
    expect(rename.data!.renameUnit.dryRun).toBe(false);

    expect(await unitOn('2025-02-28')).toEqual({ ...before, validTo: '2025-03-01' });
    expect(await unitOn('2025-06-30')).toEqual({
      name,
      fullName: before.fullName.replace(before.name, name),
      validFrom: '2025-03-01',
      validTo: '2025-07-01',
    });
    // Today the commune is carried on as before the correction.
    expect(await successorsToday()).toEqual(successors);
  }, 60_000);
});
