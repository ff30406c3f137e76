import { selectRows } from '@home-affairs/db';
import type { Identity } from '@home-affairs/identity';
import { startedForTests } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { startSubgraph } from './startSubgraph.ts';

/** The writer the dossier tests write as, with the personal scope. */
export const writer: Identity = {
  subject: 'test-writer',
  role: 'writer',
  scopes: ['read:public', 'read:aggregate', 'write:procedures', 'read:personal:procedures'],
  subgraph: 'procedures',
};

const counters = `received receivedOnline receivedInPerson receivedPostal resolved resolvedOnTime
  resolvedLate returned withdrawn pending overduePending becameOverdue apologized`;

/** Statistics counters by name. */
export type Counters = Record<string, number>;

/** The counters that changed from `before` to `after`, by how much. */
export function difference(after: Counters, before: Counters): Counters {
  const changed: Counters = {};
  for (const [name, value] of Object.entries(after)) {
    if (typeof value === 'number' && value !== before[name]) changed[name] = value - before[name]!;
  }
  return changed;
}

/** The dossier writes, answering the fields the dossier tests read. */
export const dossierMutations = {
  receive: `mutation ($input: ReceiveDossierInput!) {
  receiveDossier(input: $input) { dossier { id dueOn outcome receivingUnit { code } countedUnder { code } } } }`,
  resolve: `mutation ($input: ResolveDossierInput!) {
  resolveDossier(input: $input) { dossier { id outcome closedOn } } }`,
  return: `mutation ($input: ReturnDossierInput!) {
  returnDossier(input: $input) { dossier { id outcome } } }`,
  apologize: `mutation ($input: IssueDossierApologyInput!) {
  issueDossierApology(input: $input) { dossier { id apology { issuedOn newDueOn } } } }`,
};

/**
 * The procedures subgraph over a few thousand generated dossiers (so that writes land among
 * others) for the test file that calls this at its top level, with the helpers its tests share.
 */
export function useDossierSubgraph() {
  const graph = startedForTests(() => startSubgraph('procedures', { demoDossiers: 3000 }));

  /** Runs an operation as `identity`, the writer by default. */
  const execute = (query: string, variables: Record<string, unknown> = {}, identity = writer) =>
    graph().execute(query, variables, identity);

  /** Runs an operation that must succeed, and returns its data. */
  const data = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await execute(query, variables);
    expect(result.errors).toBeUndefined();
    return result.data as T;
  };

  /** Statistics of 2025 for the units, field and procedure the writes touch. */
  async function snapshot(communeProcedure: string, provinceProcedure: string) {
    const result = await data<
      Record<string, Counters & { byMonth?: { month: string; statistics: Counters }[] }>
    >(
      `query ($communeProcedure: ID!, $provinceProcedure: ID!) {
        commune: procedureStatistics(from: "2025-01-01", to: "2025-12-31", unitCode: "16681") {
          ${counters} byMonth { month statistics { received } } }
        oldCommune: procedureStatistics(from: "2025-01-01", to: "2025-12-31", unitCode: "16684") { ${counters} }
        province: procedureStatistics(from: "2025-01-01", to: "2025-12-31", unitCode: "40") { ${counters} }
        other: procedureStatistics(from: "2025-01-01", to: "2025-12-31", unitCode: "42") { ${counters} }
        country: procedureStatistics(from: "2025-01-01", to: "2025-12-31") { ${counters} }
        procedure: procedureStatistics(from: "2025-01-01", to: "2025-12-31", unitCode: "40",
          procedureCode: $communeProcedure) { ${counters} }
        provincial: procedureStatistics(from: "2025-01-01", to: "2025-12-31", unitCode: "40",
          procedureCode: $provinceProcedure) { ${counters} }
        august: procedureStatistics(from: "2025-08-01", to: "2025-08-20", unitCode: "16681") { ${counters} }
      }`,
      { communeProcedure, provinceProcedure },
    );
    return result;
  }

  /** The procedure codes the tests write against, found by name in the catalogue. */
  async function procedureCodes() {
    const list = await data<{ procedures: { nodes: { code: string; name: string }[] } }>(
      '{ procedures(first: 500) { nodes { code name } } }',
    );
    const code = (name: string) => list.procedures.nodes.find((node) => node.name === name)!.code;
    return {
      // Commune level, 10 working days, fully online.
      commune: code('Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã'),
      // Provincial Department of Home Affairs, 20 working days.
      province: code('Giải quyết hưởng trợ cấp thất nghiệp'),
      // Provincial level, not online.
      offline: code('Thẩm định thành lập đơn vị sự nghiệp công lập'),
    };
  }

  /** Every statistics row that counts something, in a stable order. */
  function statisticsTable() {
    return selectRows(
      graph().database.db,
      sql`
      SELECT * FROM procedures.dossier_statistics
      WHERE received + received_online + received_postal + resolved_on_time + resolved_late
        + returned + withdrawn + became_overdue + overdue_closed + apologized <> 0
        OR least(received, received_online, received_postal, resolved_on_time, resolved_late,
          returned, withdrawn, became_overdue, overdue_closed, apologized) < 0
      ORDER BY unit_code, field_code, procedure_code, grain, period`,
    );
  }

  /** The rows of the dossiers, their history, their idempotency keys and the main counters. */
  async function tableCounts() {
    const [counts] = await selectRows(
      graph().database.db,
      sql`
      SELECT (SELECT count(*) FROM procedures.dossiers)::int AS dossiers,
        (SELECT count(*) FROM procedures.history)::int AS history,
        (SELECT count(*) FROM procedures.idempotency_keys)::int AS requests,
        (SELECT sum(received + resolved_on_time + became_overdue) FROM procedures.dossier_statistics)::int AS counters`,
    );
    return counts;
  }

  return { graph, execute, data, snapshot, procedureCodes, statisticsTable, tableCounts };
}
