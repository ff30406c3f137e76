import {
  calibration,
  type PublishedFiguresAnswer,
  publishedFigures,
  publishedFiguresSelection,
  unitDirectoryFromGraph,
} from '@home-affairs/personnel';
import { subgraphDefinition as personnel } from '@home-affairs/personnel/typeDefs';
import { createLogger } from '@home-affairs/service';
import { captureLines } from '@home-affairs/testing';
import { subgraphDefinition as units } from '@home-affairs/units/typeDefs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityTables } from './security/db/schema.ts';
import { freshKeyPair } from './security/testing/startSecuredFixtureGraph.ts';
import { ngheAnSeparation, type SeparatedPerson } from './testing/ngheAnSeparation.ts';
import {
  type PersonnelSubgraph,
  startPersonnelSubgraph,
} from './testing/startPersonnelSubgraph.ts';
import { startAuditedSecuredGateway } from './testing/startSecuredGateway.ts';
import { startUnitsSubgraph, type UnitsSubgraph } from './testing/startUnitsSubgraph.ts';

// The real units and personnel subgraphs behind an in-process gateway with its security layer:
// tokens are verified, identities signed and forwarded, and personnel checks them as in production.
const silent = createLogger('personnel-gateway-test', 'silent');

/** Every line the personnel subgraph logs, so the test can look for personal values in them. */
const personnelLog = captureLines();

let unitsSubgraph: UnitsSubgraph;
let personnelSubgraph: PersonnelSubgraph;
let gateway: Awaited<ReturnType<typeof startAuditedSecuredGateway>>;

const tokenFor = (role: 'researcher' | 'writer', subgraph?: string) =>
  gateway.tokenFor(role, { subgraph });
const ask = (query: string, token?: string, variables?: Record<string, unknown>) =>
  gateway.ask(query, token, variables);

async function data<T>(query: string, token?: string, variables?: Record<string, unknown>) {
  const answer = await ask(query, token, variables);
  expect(answer.body.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  return answer.body.data as T;
}

/**
 * Records a separation of `person` in Nghệ An's people's committee as the personnel writer, with
 * the mutation named `operationName` (anonymous unless given) selecting `selection` of the
 * separation (its `id` among them); returns the writer's token and the separation's id.
 */
async function recordNgheAnSeparation(
  person: SeparatedPerson,
  separation: Omit<Parameters<typeof ngheAnSeparation>[0], keyof SeparatedPerson>,
  mutation: { operationName?: string; selection: string },
) {
  const writer = await tokenFor('writer', 'personnel');
  const recorded = await data<{ recordSeparation: { separation: { id: string } } }>(
    `mutation ${mutation.operationName ?? ''}($input: RecordSeparationInput!) {
        recordSeparation(input: $input) { separation { ${mutation.selection} } } }`,
    writer,
    { input: ngheAnSeparation({ ...separation, ...person }) },
  );
  return { writer, id: recorded.recordSeparation.separation.id };
}

beforeAll(async () => {
  unitsSubgraph = await startUnitsSubgraph();
  // The real directory, read through the units subgraph with fetchUnitDirectory, as on a start.
  const directory = await unitDirectoryFromGraph(unitsSubgraph.url)(silent);
  const identityKeys = await freshKeyPair();
  personnelSubgraph = await startPersonnelSubgraph({
    directory,
    identityPublicKey: identityKeys.publicJwk,
    logger: createLogger('personnel', 'debug', personnelLog.stream),
  });
  gateway = await startAuditedSecuredGateway({
    definitions: [units, personnel],
    subgraphUrls: { units: unitsSubgraph.url, personnel: personnelSubgraph.url },
    identityKeys,
    introspection: 'authenticated',
  });
});

afterAll(async () => {
  await gateway?.close();
  await personnelSubgraph?.dispose();
  await unitsSubgraph?.dispose();
});

const communesOfNgheAn = `{
  unit(code: "40") {
    name
    children(first: 500) {
      totalCount
      nodes {
        code name
        staffingSummary {
          quota headcount vacancies
          categories { category quota headcount vacancies }
          agency { code kind }
        }
        specialistShortages { field required assigned shortage }
      }
    }
  }
}`;

interface Commune {
  code: string;
  name: string;
  staffingSummary: {
    quota: number;
    headcount: number;
    vacancies: number;
    categories: { category: string; quota: number; headcount: number; vacancies: number }[];
    agency: { code: string; kind: string };
  } | null;
  specialistShortages: { field: string; required: number; assigned: number; shortage: number }[];
}

describe('personnel through the gateway', () => {
  it('gives every commune of Nghệ An its name, staffing summary and shortages in one query', async () => {
    const researcher = await tokenFor('researcher');
    const { result, statements } = await personnelSubgraph.database.statements.measure(() =>
      data<{ unit: { name: string; children: { totalCount: number; nodes: Commune[] } } }>(
        communesOfNgheAn,
        researcher,
      ),
    );
    const communes = result.unit.children.nodes;
    expect(result.unit.name).toBe('Nghệ An');
    expect(communes.length).toBe(result.unit.children.totalCount);
    expect(communes.length).toBeGreaterThan(100);
    for (const commune of communes) {
      expect(commune.name.length).toBeGreaterThan(0);
      expect(commune.staffingSummary?.agency).toEqual({
        code: `UBND-${commune.code}`,
        kind: 'COMMUNE_PEOPLES_COMMITTEE',
      });
      expect(commune.staffingSummary!.quota - commune.staffingSummary!.headcount).toBe(
        commune.staffingSummary!.vacancies,
      );
      expect(commune.specialistShortages.map((row) => row.field)).toContain('LAND_ADMINISTRATION');
    }
    // Batched: quotas, headcounts, specialists and the committees, whatever the number of communes.
    expect(statements).toBeLessThanOrEqual(4);
    const one = await personnelSubgraph.database.statements.measure(() =>
      data(
        `{ unit(code: "${communes[0]!.code}") { name staffingSummary { quota agency { code kind } } specialistShortages { field } } }`,
        researcher,
      ),
    );
    expect(statements).toBe(one.statements);
  });

  it('reproduces the published figures', async () => {
    const answer = await data<
      PublishedFiguresAnswer & {
        communeCommittees: { totalCount: number };
        units: { totalCount: number };
      }
    >(`{
      ${publishedFiguresSelection}
      communeCommittees: agencies(filter: {kind: COMMUNE_PEOPLES_COMMITTEE}) { totalCount }
      units(level: COMMUNE) { totalCount }
    }`);
    const figures = publishedFigures(answer);
    expect(figures.actual).toEqual(figures.expected);
    expect(figures.quotaShare).toBeLessThanOrEqual(figures.largestQuotaShare);
    // A committee for every commune-level unit in force today.
    expect(answer.communeCommittees.totalCount).toBe(answer.units.totalCount);
    const districts = await data<{ agencies: { totalCount: number } }>(
      '{ agencies(filter: {kind: DISTRICT_PEOPLES_COMMITTEE}, asOf: "2025-06-30") { totalCount } }',
    );
    expect(districts.agencies.totalCount).toBe(696);
    const dissolved = await data<{ agencies: { totalCount: number } }>(
      '{ agencies(filter: {kind: DISTRICT_PEOPLES_COMMITTEE}, asOf: "2025-07-01") { totalCount } }',
    );
    expect(dissolved.agencies.totalCount).toBe(0);
  });

  it('publishes separation statistics to anyone, by the provinces of today', async () => {
    const statistics = await data<{
      separationStatistics: { key: string | null; count: number }[];
      units: { nodes: { code: string }[] };
    }>(`{
      separationStatistics(groupBy: PROVINCE) { key count totalBenefit }
      units(level: PROVINCE) { nodes { code } }
    }`);
    const provinces = new Set(statistics.units.nodes.map((unit) => unit.code));
    expect(provinces.size).toBe(34);
    const keys = statistics.separationStatistics.map((group) => group.key);
    expect(keys.filter((key) => key !== null).every((key) => provinces.has(key!))).toBe(true);
    expect(keys.filter((key) => key !== null)).toHaveLength(34);
    expect(statistics.separationStatistics.reduce((sum, group) => sum + group.count, 0)).toBe(
      calibration.separations,
    );
  });

  it('serves personal fields of separations only to the personnel writer, and never logs them', async () => {
    const person = {
      fullName: 'Lê Thị Nhật Ký',
      nationalId: '040185987654',
      birthDate: '1985-02-17',
    };
    const { writer, id } = await recordNgheAnSeparation(
      person,
      { idempotencyKey: 'gateway-test-1', reason: 'RESIGNATION', effectiveDate: '2025-09-01' },
      { selection: 'id agency { code }' },
    );
    const personal = `{ separations(first: 1, filter: {agencyCode: "UBND-40", from: "2025-09-01", to: "2025-09-01", reason: RESIGNATION}) {
      nodes { id fullName nationalId birthDate } } }`;
    const refusals: [string | undefined, string][] = [
      [undefined, 'UNAUTHENTICATED'],
      [await tokenFor('researcher'), 'FORBIDDEN'],
      [await tokenFor('writer', 'associations'), 'FORBIDDEN'],
    ];
    for (const [token, code] of refusals) {
      for (const field of ['fullName', 'nationalId', 'birthDate']) {
        const answer = await ask(
          `{ separations(first: 5) { totalCount nodes { id ${field} } } }`,
          token,
        );
        expect(answer.body.data ?? null).toBeNull();
        expect(answer.body.errors?.[0]?.extensions?.code).toBe(code);
      }
      const answer = await ask(personal, token);
      expect(JSON.stringify(answer.body)).not.toContain(person.nationalId);
    }
    const allowed = await data<{ separations: { nodes: Record<string, string>[] } }>(
      personal,
      writer,
    );
    expect(allowed.separations.nodes).toEqual([{ id, ...person }]);

    const log = personnelLog.lines.join('');
    expect(log).toContain('graphql request');
    expect(log).toContain('personnel demo data: done');
    for (const value of [person.fullName, person.nationalId, person.birthDate, 'Nhật Ký']) {
      expect(log).not.toContain(value);
    }
  });

  it('keeps the birth date, name and ID number of a separation out of the audit log', async () => {
    const person = {
      fullName: 'Trần Văn Kiểm Toán',
      nationalId: '040172123456',
      birthDate: '1972-11-05',
    };
    const { writer } = await recordNgheAnSeparation(
      person,
      {
        idempotencyKey: 'gateway-audit-test-1',
        reason: 'EARLY_RETIREMENT',
        effectiveDate: '2025-10-01',
        benefitAmount: 420_000_000,
      },
      { operationName: 'AuditedSeparation', selection: 'id birthDate' },
    );
    // The birth date as a variable of its own, in a literal input object.
    await data(
      `mutation AuditedSeparationLiteral($born: Date!, $from: Date!) {
        recordSeparation(input: {
          idempotencyKey: "gateway-audit-test-2", agencyCode: "UBND-40", provinceCode: "40",
          reason: RESIGNATION, category: CIVIL_SERVANT, effectiveDate: $from,
          benefitAmount: 1000000, fullName: "Trần Văn Kiểm Toán", nationalId: "040172123456",
          birthDate: $born
        }) { separation { id } } }`,
      writer,
      { born: person.birthDate, from: '2025-10-02' },
    );
    await gateway.security.audit!.flush();

    const rows = await gateway.database.db
      .select()
      .from(securityTables.auditLog)
      .where(eq(securityTables.auditLog.subject, 'writer-personnel'));
    const byName = new Map(rows.map((row) => [row.operationName, row]));
    const variables = JSON.parse(byName.get('AuditedSeparation')!.variables);
    expect(variables.input).toMatchObject({
      birthDate: '[redacted]',
      fullName: '[redacted]',
      nationalId: '[redacted]',
      effectiveDate: '2025-10-01',
      reason: 'EARLY_RETIREMENT',
      benefitAmount: 420_000_000,
    });
    expect(JSON.parse(byName.get('AuditedSeparationLiteral')!.variables)).toEqual({
      born: '[redacted]',
      from: '2025-10-02',
    });
    const everything = JSON.stringify(rows);
    for (const value of [person.birthDate, person.nationalId, person.fullName]) {
      expect(everything).not.toContain(value);
    }
  });
});
