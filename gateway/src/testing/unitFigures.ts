import { setTimeout as sleep } from 'node:timers/promises';
import { todayInVietnam } from '@home-affairs/graphql';
import { expect } from 'vitest';
import { postGraphQL } from './postGraphQL.ts';

// What the tests of unit changes (unitChanges.int.test.ts) read through a gateway: a province's
// communes with the figures each agency subgraph gives them, and what a merge must change.

/** The days the procedure statistics are read over: from the reform to today. */
export const period = { from: '2025-07-01', to: todayInVietnam() };

/** A unit's figures in the four subgraphs. */
export interface Figures {
  code: string;
  organizations: number;
  quota: number;
  headcount: number;
  agencies: number;
  received: number;
  resolved: number;
  pending: number;
}

/** The selection of a unit's figures, over `$from` and `$to`. */
export const unitFields = `
  code
  organizationCounts { total }
  staffingSummary { quota headcount }
  agencies(first: 0) { totalCount }
  procedureStatistics(from: $from, to: $to) { received resolved pending }`;

/** A unit's version, as `unit(code, asOf)` gives it. */
export interface UnitVersion {
  name: string;
  fullName: string;
  validFrom: string | null;
  validTo: string | null;
}

/** The answer to `unitFields`. */
export interface UnitAnswer {
  code: string;
  organizationCounts: { total: number } | null;
  staffingSummary: { quota: number; headcount: number } | null;
  agencies: { totalCount: number } | null;
  procedureStatistics: { received: number; resolved: number; pending: number } | null;
}

/** The figures of an answer to `unitFields`. */
export const figuresOf = (unit: UnitAnswer): Figures => ({
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

/**
 * The province's communes in force today and its totals, all four subgraphs, one query, through
 * the gateway at `url`.
 */
export async function readProvince(url: string, province: string) {
  const response = await postGraphQL<{
    unit: UnitAnswer & { children: { nodes: UnitAnswer[] } };
    agencies: { totalCount: number };
  }>(
    url,
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

/** One unit (in force or not) as the graph gives it today, through the gateway at `url`. */
export async function readUnit(code: string, url: string) {
  const response = await postGraphQL<{
    unit: UnitAnswer;
    agency: { status: string; endedOn: string | null; successor: { code: string } | null };
  }>(
    url,
    `query Unit($code: ID!, $committee: ID!, $from: Date!, $to: Date!) {
      unit(code: $code) { ${unitFields} }
      agency(code: $committee) { status endedOn successor { code } }
    }`,
    { variables: { code, committee: `UBND-${code}`, ...period } },
  );
  expect(response.errors).toBeUndefined();
  return { figures: figuresOf(response.data!.unit), committee: response.data!.agency };
}

/** Waits until `check` passes (it throws until then), up to `timeoutMilliseconds`; returns the wait. */
export async function within(
  timeoutMilliseconds: number,
  check: () => Promise<void>,
): Promise<number> {
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
export async function expectMerged(
  before: Awaited<ReturnType<typeof readProvince>>,
  merged: Figures,
  into: Figures,
  url: string,
  province: string,
) {
  const after = await readProvince(url, province);
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

  const gone = await readUnit(merged.code, url);
  expect(gone.committee).toEqual({
    status: 'MERGED',
    endedOn: todayInVietnam(),
    successor: { code: `UBND-${into.code}` },
  });
  expect(gone.figures).toMatchObject({ quota: 0, headcount: 0, agencies: 0, received: 0 });
}
