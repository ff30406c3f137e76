import { selectRows } from '@home-affairs/db';
import type { Identity } from '@home-affairs/identity';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildStatistics } from '../src/statistics/queries.ts';
import { startSubgraph } from './startSubgraph.ts';

const writer: Identity = {
  subject: 'test-writer',
  role: 'writer',
  scopes: ['read:public', 'read:aggregate', 'write:procedures', 'read:personal:procedures'],
  subgraph: 'procedures',
};

let graph: Awaited<ReturnType<typeof startSubgraph>>;
let identity: Identity = writer;

beforeAll(async () => {
  // A few thousand generated dossiers, so that writes land among others.
  graph = await startSubgraph('procedures', { demoDossiers: 3000 });
});

afterAll(async () => {
  await graph?.close();
});

function execute(query: string, variables: Record<string, unknown> = {}) {
  return graph.execute(query, variables, identity);
}

async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await execute(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

const counters = `received receivedOnline receivedInPerson receivedPostal resolved resolvedOnTime
  resolvedLate returned withdrawn pending overduePending becameOverdue apologized`;

type Counters = Record<string, number>;

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

function difference(after: Counters, before: Counters): Counters {
  const changed: Counters = {};
  for (const [name, value] of Object.entries(after)) {
    if (typeof value === 'number' && value !== before[name]) changed[name] = value - before[name]!;
  }
  return changed;
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

const receive = `mutation ($input: ReceiveDossierInput!) {
  receiveDossier(input: $input) { dossier { id dueOn outcome receivingUnit { code } countedUnder { code } } } }`;
const resolve = `mutation ($input: ResolveDossierInput!) {
  resolveDossier(input: $input) { dossier { id outcome closedOn } } }`;
const returnMutation = `mutation ($input: ReturnDossierInput!) {
  returnDossier(input: $input) { dossier { id outcome } } }`;
const apologize = `mutation ($input: IssueDossierApologyInput!) {
  issueDossierApology(input: $input) { dossier { id apology { issuedOn newDueOn } } } }`;

function statisticsTable() {
  return selectRows(
    graph.database.db,
    sql`
    SELECT * FROM procedures.dossier_statistics
    WHERE received + received_online + received_postal + resolved_on_time + resolved_late
      + returned + withdrawn + became_overdue + overdue_closed + apologized <> 0
      OR least(received, received_online, received_postal, resolved_on_time, resolved_late,
        returned, withdrawn, became_overdue, overdue_closed, apologized) < 0
    ORDER BY unit_code, field_code, procedure_code, grain, period`,
  );
}

async function tableCounts() {
  const [counts] = await selectRows(
    graph.database.db,
    sql`
    SELECT (SELECT count(*) FROM procedures.dossiers)::int AS dossiers,
      (SELECT count(*) FROM procedures.history)::int AS history,
      (SELECT count(*) FROM procedures.idempotency_keys)::int AS requests,
      (SELECT sum(received + resolved_on_time + became_overdue) FROM procedures.dossier_statistics)::int AS counters`,
  );
  return counts;
}

describe('statistics follow the writes exactly', () => {
  it('changes every affected statistic by exactly what the writes imply', async () => {
    const codes = await procedureCodes();
    const before = await snapshot(codes.commune, codes.province);

    // (a) An old commune, abolished on 2025-07-01, receives online before the reform; its
    // dossier counts under 16681, which carries it on.
    const a = await data<{
      receiveDossier: { dossier: { id: string; dueOn: string; countedUnder: { code: string } } };
    }>(receive, {
      input: {
        idempotencyKey: 'a',
        provinceCode: '40',
        procedureCode: codes.commune,
        unitCode: '16684',
        channel: 'ONLINE',
        receivedOn: '2025-06-10',
      },
    });
    expect(a.receiveDossier.dossier.countedUnder.code).toBe('16681');
    // (b) In person at 16681 on Monday 2025-08-04: 10 working days, due Monday 2025-08-18.
    const b = await data<{ receiveDossier: { dossier: { id: string; dueOn: string } } }>(receive, {
      input: {
        idempotencyKey: 'b',
        provinceCode: '40',
        procedureCode: codes.commune,
        unitCode: '16681',
        channel: 'IN_PERSON',
        receivedOn: '2025-08-04',
      },
    });
    expect(b.receiveDossier.dossier.dueOn).toBe('2025-08-18');
    // (c) By post at the province (Department of Home Affairs).
    const c = await data<{ receiveDossier: { dossier: { id: string } } }>(receive, {
      input: {
        idempotencyKey: 'c',
        provinceCode: '40',
        procedureCode: codes.province,
        unitCode: '40',
        channel: 'POSTAL',
        receivedOn: '2025-08-05',
      },
    });

    const received = await snapshot(codes.commune, codes.province);
    expect(difference(received.commune!, before.commune!)).toEqual({
      received: 2,
      receivedOnline: 1,
      receivedInPerson: 1,
      pending: 2,
      becameOverdue: 2,
      overduePending: 2,
    });
    expect(difference(received.province!, before.province!)).toEqual({
      received: 3,
      receivedOnline: 1,
      receivedInPerson: 1,
      receivedPostal: 1,
      pending: 3,
      becameOverdue: 3,
      overduePending: 3,
    });
    expect(difference(received.oldCommune!, before.oldCommune!)).toEqual({});

    const dossierA = a.receiveDossier.dossier.id;
    const dossierB = b.receiveDossier.dossier.id;
    await data(resolve, {
      input: {
        idempotencyKey: 'a-resolve',
        provinceCode: '40',
        dossierId: dossierA,
        resolvedOn: a.receiveDossier.dossier.dueOn,
      },
    });
    await data(apologize, {
      input: {
        idempotencyKey: 'b-apology',
        provinceCode: '40',
        dossierId: dossierB,
        reason: 'Cần xác minh thêm',
        newDueOn: '2025-08-29',
        issuedOn: '2025-08-15',
      },
    });
    await data(resolve, {
      input: {
        idempotencyKey: 'b-resolve',
        provinceCode: '40',
        dossierId: dossierB,
        resolvedOn: '2025-08-25',
      },
    });
    await data(returnMutation, {
      input: {
        idempotencyKey: 'c-return',
        provinceCode: '40',
        dossierId: c.receiveDossier.dossier.id,
        reason: 'Thiếu giấy tờ',
        returnedOn: '2025-08-06',
      },
    });

    const after = await snapshot(codes.commune, codes.province);
    expect(difference(after.commune!, before.commune!)).toEqual({
      received: 2,
      receivedOnline: 1,
      receivedInPerson: 1,
      resolved: 2,
      resolvedOnTime: 1,
      resolvedLate: 1,
      // (b) was open after its due day 2025-08-18, and had its apology letter.
      becameOverdue: 1,
      apologized: 1,
    });
    expect(difference(after.province!, before.province!)).toEqual({
      received: 3,
      receivedOnline: 1,
      receivedInPerson: 1,
      receivedPostal: 1,
      resolved: 2,
      resolvedOnTime: 1,
      resolvedLate: 1,
      returned: 1,
      becameOverdue: 1,
      apologized: 1,
    });
    expect(difference(after.country!, before.country!)).toEqual(
      difference(after.province!, before.province!),
    );
    expect(difference(after.procedure!, before.procedure!)).toEqual({
      received: 2,
      receivedOnline: 1,
      receivedInPerson: 1,
      resolved: 2,
      resolvedOnTime: 1,
      resolvedLate: 1,
      becameOverdue: 1,
      apologized: 1,
    });
    expect(difference(after.provincial!, before.provincial!)).toEqual({
      received: 1,
      receivedPostal: 1,
      returned: 1,
    });
    expect(difference(after.other!, before.other!)).toEqual({});
    // A period ending on 2025-08-20: (b) was received, overdue and still open that day.
    expect(difference(after.august!, before.august!)).toEqual({
      received: 1,
      receivedInPerson: 1,
      pending: 1,
      overduePending: 1,
      becameOverdue: 1,
      apologized: 1,
    });
    const months = (snap: typeof after) =>
      Object.fromEntries(
        (snap.commune?.byMonth ?? []).map((entry) => [entry.month, entry.statistics.received]),
      );
    const monthBefore = months(before);
    const monthAfter = months(after);
    expect(monthAfter['2025-06']! - monthBefore['2025-06']!).toBe(1);
    expect(monthAfter['2025-08']! - monthBefore['2025-08']!).toBe(1);
    expect(monthAfter['2025-07']).toBe(monthBefore['2025-07']);
  });

  it('keeps counters equal to a rebuild from the dossiers', async () => {
    const incremental = await statisticsTable();
    await rebuildStatistics(graph.database.db);
    expect(await statisticsTable()).toEqual(incremental);
  });
});

describe('writes', () => {
  it('refuses writes that break a rule, with a code, and changes nothing', async () => {
    const codes = await procedureCodes();
    const pending = await data<{ receiveDossier: { dossier: { id: string } } }>(receive, {
      input: {
        idempotencyKey: 'pending',
        provinceCode: '40',
        procedureCode: codes.commune,
        unitCode: '16690',
        channel: 'ONLINE',
        receivedOn: '2025-09-08',
      },
    });
    const id = pending.receiveDossier.dossier.id;
    const counts = await tableCounts();
    const statistics = await statisticsTable();
    const refusals: [string, Record<string, unknown>, string, string][] = [
      [resolve, { dossierId: id, resolvedOn: '2025-09-05' }, 'RULE_VIOLATION', 'BEFORE_RECEIPT'],
      [resolve, { dossierId: id, resolvedOn: '2025-10-30' }, 'RULE_VIOLATION', 'APOLOGY_REQUIRED'],
      [resolve, { dossierId: id, resolvedOn: '2099-01-01' }, 'RULE_VIOLATION', 'DATE_IN_FUTURE'],
      [resolve, { dossierId: '999999999' }, 'NOT_FOUND', ''],
      [
        apologize,
        { dossierId: id, reason: 'x', newDueOn: '2025-09-09' },
        'RULE_VIOLATION',
        'APOLOGY_NOT_AFTER_DUE',
      ],
      [
        receive,
        {
          procedureCode: codes.commune,
          unitCode: '16684',
          channel: 'ONLINE',
          receivedOn: '2025-09-08',
        },
        'RULE_VIOLATION',
        'UNIT_NOT_IN_FORCE',
      ],
      [
        receive,
        {
          procedureCode: codes.commune,
          unitCode: '40',
          channel: 'ONLINE',
          receivedOn: '2025-09-08',
        },
        'RULE_VIOLATION',
        'LEVEL_MISMATCH',
      ],
      [
        receive,
        {
          procedureCode: codes.offline,
          unitCode: '40',
          channel: 'ONLINE',
          receivedOn: '2025-09-08',
        },
        'RULE_VIOLATION',
        'NOT_ONLINE',
      ],
      [
        receive,
        {
          procedureCode: codes.commune,
          unitCode: '18073',
          channel: 'ONLINE',
          receivedOn: '2025-09-08',
        },
        'RULE_VIOLATION',
        'PROVINCE_MISMATCH',
      ],
      [
        receive,
        { procedureCode: '9.999999', unitCode: '16681', channel: 'ONLINE' },
        'NOT_FOUND',
        '',
      ],
    ];
    for (const [mutation, fields, code, rule] of refusals) {
      const result = await execute(mutation, {
        input: {
          idempotencyKey: `refused-${code}-${rule}-${Object.keys(fields).join()}`,
          provinceCode: '40',
          ...fields,
        },
      });
      expect(result.errors?.[0]?.extensions?.code, rule).toBe(code);
      if (rule) expect(result.errors?.[0]?.extensions?.rule).toBe(rule);
      expect(result.errors?.[0]?.extensions?.field).toMatch(/^input\./);
    }
    // A province-restricted writer of Hà Tĩnh may not touch a dossier of Nghệ An.
    identity = { ...writer, province: '42' };
    try {
      const result = await execute(resolve, {
        input: {
          idempotencyKey: 'other-province',
          provinceCode: '40',
          dossierId: id,
          resolvedOn: '2025-09-09',
        },
      });
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      identity = writer;
    }
    expect(await tableCounts()).toEqual(counts);
    expect(await statisticsTable()).toEqual(statistics);

    // Once resolved, a dossier cannot be resolved or returned again.
    await data(resolve, {
      input: {
        idempotencyKey: 'pending-resolve',
        provinceCode: '40',
        dossierId: id,
        resolvedOn: '2025-09-09',
      },
    });
    const again = await execute(returnMutation, {
      input: { idempotencyKey: 'pending-return', provinceCode: '40', dossierId: id, reason: 'x' },
    });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      rule: 'DOSSIER_CLOSED',
    });
  });

  it('returns the first result for a retry, and refuses a reused key with other input', async () => {
    const codes = await procedureCodes();
    const input = {
      idempotencyKey: 'retry',
      provinceCode: '40',
      procedureCode: codes.commune,
      unitCode: '16681',
      channel: 'IN_PERSON',
      receivedOn: '2025-10-01',
    };
    const first = await data<{ receiveDossier: { dossier: { id: string } } }>(receive, { input });
    const counts = await tableCounts();
    const second = await data<{ receiveDossier: { dossier: { id: string } } }>(receive, { input });
    expect(second.receiveDossier.dossier.id).toBe(first.receiveDossier.dossier.id);
    expect(await tableCounts()).toEqual(counts);
    const conflict = await execute(receive, { input: { ...input, channel: 'ONLINE' } });
    expect(conflict.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'input.idempotencyKey',
    });
  });

  it('keeps an append-only history of every change', async () => {
    const rows = await selectRows(
      graph.database.db,
      sql`
      SELECT operation, actor, before IS NULL AS created, after->>'outcome' AS outcome
      FROM procedures.history WHERE entity_key = (
        SELECT result->>'dossierId' FROM procedures.idempotency_keys WHERE key = 'b')
      ORDER BY id`,
    );
    expect(rows).toEqual([
      { operation: 'receiveDossier', actor: 'test-writer', created: true, outcome: 'PENDING' },
      {
        operation: 'issueDossierApology',
        actor: 'test-writer',
        created: false,
        outcome: 'PENDING',
      },
      { operation: 'resolveDossier', actor: 'test-writer', created: false, outcome: 'LATE' },
    ]);
    await expect(
      graph.database.db.execute(sql`UPDATE procedures.history SET actor = 'x'`),
    ).rejects.toThrow();
    await expect(graph.database.db.execute(sql`DELETE FROM procedures.history`)).rejects.toThrow();
    await expect(graph.database.db.execute(sql`TRUNCATE procedures.history`)).rejects.toThrow();
  });
});

describe('reads', () => {
  it('gives each agency the procedures its code makes it competent for', async () => {
    const result = await data<{
      _entities: { code: string; procedures: { totalCount: number; nodes: { name: string }[] } }[];
    }>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Agency { code procedures(first: 500) { totalCount nodes { name } } } } }`,
      {
        representations: ['UBND-16681', 'SNV-40', 'UBND-40', 'BNV', 'UBND-412', 'STC-40'].map(
          (code) => ({ __typename: 'Agency', code }),
        ),
      },
    );
    const byCode = Object.fromEntries(
      result._entities.map((agency) => [agency.code, agency.procedures]),
    );
    const names = (code: string) => byCode[code]!.nodes.map((node) => node.name);
    expect(names('UBND-16681')).toContain('Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã');
    // Moved from district to commune level on 2025-07-01.
    expect(names('UBND-16681')).toContain('Tặng danh hiệu Lao động tiên tiến');
    expect(names('SNV-40')).toContain('Thành lập hội');
    expect(names('SNV-40')).not.toContain('Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh');
    expect(names('UBND-40')).toContain('Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh');
    expect(names('BNV')).toContain('Thành lập hội');
    // District people's committees were dissolved with the districts.
    expect(byCode['UBND-412']!.totalCount).toBe(0);
    expect(byCode['STC-40']!.totalCount).toBe(0);
  });

  it('answers the statistics of 500 units in one SQL statement', async () => {
    const representations = Array.from({ length: 500 }, (_, index) => ({
      __typename: 'AdministrativeUnit',
      code: index === 0 ? '40' : index === 1 ? '16681' : String(20000 + index),
    }));
    const { result, statements } = await graph.measure(() =>
      data<{
        _entities: {
          code: string;
          procedureStatistics: { received: number; onlineRate: number | null };
        }[];
      }>(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) {
          ... on AdministrativeUnit { code procedureStatistics(from: "2025-01-01", to: "2025-12-31") { received onlineRate } } } }`,
        { representations },
      ),
    );
    expect(result._entities).toHaveLength(500);
    expect(result._entities[0]!.procedureStatistics.received).toBeGreaterThan(0);
    expect(statements).toBe(1);
  });

  it('gives Nghệ An an online rate above 47% in the demo data', async () => {
    const result = await data<{ procedureStatistics: { onlineRate: number } }>(
      '{ procedureStatistics(from: "2025-01-01", to: "2026-10-31", unitCode: "40") { onlineRate } }',
    );
    expect(result.procedureStatistics.onlineRate).toBeGreaterThan(0.47);
  });

  it('refuses a period that ends before it starts', async () => {
    const result = await execute(
      '{ procedureStatistics(from: "2025-02-01", to: "2025-01-01") { received } }',
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_VIOLATION', field: 'from' });
  });
});
