import { selectRows } from '@home-affairs/db';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rebuildStatistics } from '../src/statistics/queries.ts';
import {
  difference,
  dossierMutations as mutations,
  useDossierSubgraph,
} from './useDossierSubgraph.ts';

const { graph, data, snapshot, procedureCodes, statisticsTable } = useDossierSubgraph();

/** Runs a dossier write for Nghệ An under the idempotency key `key`; it must succeed. */
const write = <T>(mutation: string, key: string, fields: Record<string, unknown>) =>
  data<T>(mutation, { input: { idempotencyKey: key, provinceCode: '40', ...fields } });

/** The dossiers received at commune 16681 by month, from a statistics snapshot. */
function receivedByMonth(
  snap: Awaited<ReturnType<ReturnType<typeof useDossierSubgraph>['snapshot']>>,
) {
  return Object.fromEntries(
    (snap.commune?.byMonth ?? []).map((entry) => [entry.month, entry.statistics.received]),
  );
}

/** Receives (a), (b) and (c), the dossiers the statistics test follows, checking their units. */
async function receiveThree(codes: { commune: string; province: string }) {
  // (a) An old commune, abolished on 2025-07-01, receives online before the reform; its
  // dossier counts under 16681, which carries it on.
  const a = await write<{
    receiveDossier: { dossier: { id: string; dueOn: string; countedUnder: { code: string } } };
  }>(mutations.receive, 'a', {
    procedureCode: codes.commune,
    unitCode: '16684',
    channel: 'ONLINE',
    receivedOn: '2025-06-10',
  });
  expect(a.receiveDossier.dossier.countedUnder.code).toBe('16681');
  // (b) In person at 16681 on Monday 2025-08-04: 10 working days, due Monday 2025-08-18.
  const b = await write<{ receiveDossier: { dossier: { id: string; dueOn: string } } }>(
    mutations.receive,
    'b',
    {
      procedureCode: codes.commune,
      unitCode: '16681',
      channel: 'IN_PERSON',
      receivedOn: '2025-08-04',
    },
  );
  expect(b.receiveDossier.dossier.dueOn).toBe('2025-08-18');
  // (c) By post at the province (Department of Home Affairs).
  const c = await write<{ receiveDossier: { dossier: { id: string } } }>(mutations.receive, 'c', {
    procedureCode: codes.province,
    unitCode: '40',
    channel: 'POSTAL',
    receivedOn: '2025-08-05',
  });
  return { a, b, c };
}

describe('statistics follow the writes exactly', () => {
  it('changes every affected statistic by exactly what the writes imply', async () => {
    const codes = await procedureCodes();
    const before = await snapshot(codes.commune, codes.province);

    const { a, b, c } = await receiveThree(codes);

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
    await write(mutations.resolve, 'a-resolve', {
      dossierId: dossierA,
      resolvedOn: a.receiveDossier.dossier.dueOn,
    });
    await write(mutations.apologize, 'b-apology', {
      dossierId: dossierB,
      reason: 'Cần xác minh thêm',
      newDueOn: '2025-08-29',
      issuedOn: '2025-08-15',
    });
    await write(mutations.resolve, 'b-resolve', { dossierId: dossierB, resolvedOn: '2025-08-25' });
    await write(mutations.return, 'c-return', {
      dossierId: c.receiveDossier.dossier.id,
      reason: 'Thiếu giấy tờ',
      returnedOn: '2025-08-06',
    });

    const after = await snapshot(codes.commune, codes.province);
    // (a) and (b) are the commune's dossiers, both of the commune procedure.
    const communeDossiers = {
      received: 2,
      receivedOnline: 1,
      receivedInPerson: 1,
      resolved: 2,
      resolvedOnTime: 1,
      resolvedLate: 1,
      // (b) was open after its due day 2025-08-18, and had its apology letter.
      becameOverdue: 1,
      apologized: 1,
    };
    expect(difference(after.commune!, before.commune!)).toEqual(communeDossiers);
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
    expect(difference(after.procedure!, before.procedure!)).toEqual(communeDossiers);
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
    const monthBefore = receivedByMonth(before);
    const monthAfter = receivedByMonth(after);
    expect(monthAfter['2025-06']! - monthBefore['2025-06']!).toBe(1);
    expect(monthAfter['2025-08']! - monthBefore['2025-08']!).toBe(1);
    expect(monthAfter['2025-07']).toBe(monthBefore['2025-07']);
  });
});

describe('statistics follow the writes exactly', () => {
  it('keeps counters equal to a rebuild from the dossiers', async () => {
    const incremental = await statisticsTable();
    await rebuildStatistics(graph().database.db);
    expect(await statisticsTable()).toEqual(incremental);
  });
});

describe('writes', () => {
  it('keeps an append-only history of every change', async () => {
    const rows = await selectRows(
      graph().database.db,
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
      graph().database.db.execute(sql`UPDATE procedures.history SET actor = 'x'`),
    ).rejects.toThrow();
    await expect(
      graph().database.db.execute(sql`DELETE FROM procedures.history`),
    ).rejects.toThrow();
    await expect(graph().database.db.execute(sql`TRUNCATE procedures.history`)).rejects.toThrow();
  });
});
