import { setTimeout as sleep } from 'node:timers/promises';
import { todayInVietnam } from '@home-affairs/graphql';
import type { HttpService } from '@home-affairs/service';
import { applyChangeSet } from '@home-affairs/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphs } from './subgraphs.ts';
import { postGraphQL } from './testing/postGraphQL.ts';
import { type DemoSubgraphs, startDemoSubgraphs } from './testing/startDemoSubgraphs.ts';
import { startTestGateway } from './testing/startTestGateway.ts';

// A merge of communes recorded in the units subgraph reaches the three agency subgraphs through
// the feed of unit changes, without restarting anything: the seats (associations), the
// committees and their staffing (personnel) and the dossier counters (procedures) of the
// abolished commune move to its successor, and every total stays the same. The four real
// subgraphs, each over its own database, behind the in-process gateway; the agency subgraphs poll
// the feed every second.
//
// The merges are recorded through the change-set path of the units subgraph (applyChangeSet,
// what `pnpm --filter @home-affairs/units changeset:apply` runs), the write path there is today.

const province = '40';
const period = { from: '2025-07-01', to: todayInVietnam() };
const intervalMilliseconds = 1000;

let graph: DemoSubgraphs;
let gateway: HttpService;

beforeAll(async () => {
  graph = await startDemoSubgraphs({
    demoDossiers: 40_000,
    unitFeedIntervalMilliseconds: intervalMilliseconds,
  });
  gateway = await startTestGateway(subgraphs, graph.urls);
}, 240_000);

afterAll(async () => {
  await gateway?.close();
  await graph?.dispose();
});

interface Figures {
  code: string;
  organizations: number;
  quota: number;
  headcount: number;
  agencies: number;
  received: number;
  resolved: number;
  pending: number;
}

const unitFields = `
  code
  organizationCounts { total }
  staffingSummary { quota headcount }
  agencies(first: 0) { totalCount }
  procedureStatistics(from: $from, to: $to) { received resolved pending }`;

interface UnitAnswer {
  code: string;
  organizationCounts: { total: number } | null;
  staffingSummary: { quota: number; headcount: number } | null;
  agencies: { totalCount: number } | null;
  procedureStatistics: { received: number; resolved: number; pending: number } | null;
}

const figuresOf = (unit: UnitAnswer): Figures => ({
  code: unit.code,
  organizations: unit.organizationCounts!.total,
  quota: unit.staffingSummary?.quota ?? 0,
  headcount: unit.staffingSummary?.headcount ?? 0,
  agencies: unit.agencies!.totalCount,
  received: unit.procedureStatistics!.received,
  resolved: unit.procedureStatistics!.resolved,
  pending: unit.procedureStatistics!.pending,
});

const sum = (units: Figures[], field: keyof Omit<Figures, 'code'>) =>
  units.reduce((total, unit) => total + unit[field], 0);

/** The province's communes in force today and its totals, all four subgraphs, one query. */
async function readProvince() {
  const response = await postGraphQL<{
    unit: UnitAnswer & { children: { nodes: UnitAnswer[] } };
    agencies: { totalCount: number };
  }>(
    gateway.url,
    `query Province($code: ID!, $province: String!, $from: Date!, $to: Date!) {
      unit(code: $code) { ${unitFields} children(first: 500) { nodes { ${unitFields} } } }
      agencies(filter: { provinceCode: $province }, first: 0) { totalCount }
    }`,
    { variables: { code: province, province, ...period } },
  );
  expect(response.errors).toBeUndefined();
  const communes = response.data!.unit.children.nodes.map(figuresOf);
  return {
    communes: new Map(communes.map((commune) => [commune.code, commune])),
    totals: {
      organizations: figuresOf(response.data!.unit).organizations,
      received: figuresOf(response.data!.unit).received,
      resolved: figuresOf(response.data!.unit).resolved,
      pending: figuresOf(response.data!.unit).pending,
      quota: sum(communes, 'quota'),
      headcount: sum(communes, 'headcount'),
      agencies: response.data!.agencies.totalCount,
    },
  };
}

/** One unit (in force or not) as the graph gives it today. */
async function readUnit(code: string) {
  const response = await postGraphQL<{
    unit: UnitAnswer;
    agency: { status: string; endedOn: string | null; successor: { code: string } | null };
  }>(
    gateway.url,
    `query Unit($code: ID!, $committee: ID!, $from: Date!, $to: Date!) {
      unit(code: $code) { ${unitFields} }
      agency(code: $committee) { status endedOn successor { code } }
    }`,
    { variables: { code, committee: `UBND-${code}`, ...period } },
  );
  expect(response.errors).toBeUndefined();
  return { figures: figuresOf(response.data!.unit), committee: response.data!.agency };
}

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

/** Waits until `check` passes (it throws until then), up to `timeoutMilliseconds`; returns the wait. */
async function within(timeoutMilliseconds: number, check: () => Promise<void>): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      await check();
      return performance.now() - started;
    } catch (error) {
      if (performance.now() - started > timeoutMilliseconds) throw error;
      await sleep(100);
    }
  }
}

/** What the successor and the totals must show once `merged` is carried into `into`. */
async function expectMerged(
  before: Awaited<ReturnType<typeof readProvince>>,
  merged: Figures,
  into: Figures,
) {
  const after = await readProvince();
  expect(after.communes.has(merged.code)).toBe(false);
  expect(after.communes.get(into.code)).toEqual({
    code: into.code,
    organizations: into.organizations + merged.organizations,
    quota: into.quota + merged.quota,
    headcount: into.headcount + merged.headcount,
    // The merged commune's committee ends; the successor's committee carries on alone.
    agencies: into.agencies,
    received: into.received + merged.received,
    resolved: into.resolved + merged.resolved,
    pending: into.pending + merged.pending,
  });
  // Every other commune is untouched, and the province's totals are the same: one committee less.
  for (const [code, commune] of before.communes) {
    if (code !== merged.code && code !== into.code)
      expect(after.communes.get(code)).toEqual(commune);
  }
  expect(after.totals).toEqual({ ...before.totals, agencies: before.totals.agencies - 1 });

  const gone = await readUnit(merged.code);
  expect(gone.committee).toEqual({
    status: 'MERGED',
    endedOn: todayInVietnam(),
    successor: { code: `UBND-${into.code}` },
  });
  expect(gone.figures).toMatchObject({ quota: 0, headcount: 0, agencies: 0, received: 0 });
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

  it('carries a merge of two communes to the successor within seconds, totals unchanged', async () => {
    const before = await readProvince();
    // Communes with something in each agency subgraph, so that every move is visible.
    communes = [...before.communes.values()].filter(
      (commune) => commune.organizations > 0 && commune.quota > 0 && commune.received > 0,
    );
    expect(communes.length).toBeGreaterThanOrEqual(6);
    const [into, merged] = communes as [Figures, Figures];

    const result = await recordMerge('2099-01-01-test-merge-1', merged.code, into.code);
    expect(result.status).toBe('applied');
    const waited = await within(15_000, () => expectMerged(before, merged, into));
    // Within a poll interval and the time to apply and read back, on a loaded machine.
    expect(waited).toBeLessThan(10_000);
    console.info(`merge propagated to the three agency subgraphs in ${Math.round(waited)} ms`);
  }, 60_000);

  it('resumes from its cursor after its own restart, applying what it missed while down', async () => {
    const before = await readProvince();
    const into = chosen(before.communes, 0);
    const merged = chosen(before.communes, 2);
    await graph.associations.restart(async () => {
      await recordMerge('2099-01-01-test-merge-2', merged.code, into.code);
      // Personnel and procedures apply it while associations is down.
      await sleep(intervalMilliseconds * 2);
    });
    await within(15_000, () => expectMerged(before, merged, into));
  }, 60_000);

  it("resumes after the units subgraph's downtime", async () => {
    const before = await readProvince();
    const into = chosen(before.communes, 0);
    const merged = chosen(before.communes, 3);
    await graph.units.restart(async () => {
      await recordMerge('2099-01-01-test-merge-3', merged.code, into.code);
      // Every follower fails to read the feed at least once.
      await sleep(intervalMilliseconds * 2);
    });
    await within(15_000, () => expectMerged(before, merged, into));
  }, 60_000);
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
});
