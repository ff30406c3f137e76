import { selectRows } from '@home-affairs/db';
import { describeConcurrent, errorCodes, writerIdentity } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dossierStatistics, dossiers } from '../src/db/schema.ts';
import { rebuildStatistics } from '../src/statistics/queries.ts';
import { dossierWrites, startSubgraph } from './startSubgraph.ts';

const writers = 20;
const writer = writerIdentity('procedures', '40');
let graph: Awaited<ReturnType<typeof startSubgraph>>;

beforeAll(async () => {
  graph = await startSubgraph('procedures_concurrency', { poolSize: 2 * writers + 5 });
});

afterAll(async () => {
  await graph?.close();
});

let keys = 0;
function write(query: string, input: Record<string, unknown>) {
  keys += 1;
  return graph.execute<Record<string, { dossier: { id: string; outcome: string } }>>(
    query,
    { input: { idempotencyKey: `write-${keys}`, provinceCode: '40', ...input } },
    writer,
  );
}

/** Receives `count` dossiers at commune 16681 on `receivedOn`, one after the other. */
async function receiveMany(count: number, receivedOn: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const answer = await write(dossierWrites.receive, {
      procedureCode: graph.communeProcedure,
      unitCode: '16681',
      channel: 'ONLINE',
      receivedOn,
    });
    expect(answer.errors).toBeUndefined();
    ids.push(answer.data.receiveDossier!.dossier.id);
  }
  return ids;
}

/**
 * Every counter row that counts something, to compare with a rebuild from the dossiers (writes
 * leave rows at zero where a rebuild writes none).
 */
function counterRows() {
  return selectRows(
    graph.database.db,
    sql`SELECT * FROM ${dossierStatistics}
      WHERE greatest(received, received_online, received_postal, resolved_on_time, resolved_late,
        returned, withdrawn, became_overdue, overdue_closed, apologized) > 0
        OR least(received, received_online, received_postal, resolved_on_time, resolved_late,
        returned, withdrawn, became_overdue, overdue_closed, apologized) < 0
      ORDER BY unit_code, field_code, procedure_code, grain, period`,
  );
}

describeConcurrent('dossier writes under concurrent writers on Postgres', () => {
  it('keeps the counters exact when writes share counter rows in opposite orders', async () => {
    // A dossier received late in a month and resolved on time before its due day next month
    // changes next month's counters (it no longer becomes overdue) before this month's (it is
    // resolved); a dossier received that day changes this month's (received) before next month's
    // (it may become overdue): the same counter rows of the commune and the province, in opposite
    // orders.
    for (const [receivedOn, closedOn] of [
      ['2026-07-22', '2026-07-30'],
      ['2026-08-24', '2026-08-28'],
      ['2026-09-23', '2026-09-29'],
    ] as const) {
      const pending = await receiveMany(writers, receivedOn);
      const answers = await Promise.all([
        ...pending.map((dossierId) =>
          write(dossierWrites.resolve, { dossierId, resolvedOn: closedOn }),
        ),
        ...Array.from({ length: writers }, (_, index) =>
          write(dossierWrites.receive, {
            procedureCode: graph.communeProcedure,
            unitCode: index % 2 === 0 ? '16681' : '16690',
            channel: index % 3 === 0 ? 'POSTAL' : 'ONLINE',
            receivedOn: closedOn,
          }),
        ),
      ]);
      expect(errorCodes(answers)).toEqual([]);
    }
    const written = await counterRows();
    await rebuildStatistics(graph.database.db);
    expect(await counterRows()).toEqual(written);
  });

  it('closes a dossier once when it is resolved, returned and withdrawn at once', async () => {
    const ids = await receiveMany(writers / 2, '2026-10-01');
    const answers = await Promise.all(
      ids.flatMap((dossierId) => [
        write(dossierWrites.resolve, { dossierId, resolvedOn: '2026-10-02' }),
        write(dossierWrites.return, {
          dossierId,
          reason: 'Thiếu giấy tờ',
          returnedOn: '2026-10-02',
        }),
        write(dossierWrites.withdraw, { dossierId, withdrawnOn: '2026-10-02' }),
      ]),
    );
    expect(new Set(errorCodes(answers))).toEqual(new Set(['CONFLICT DOSSIER_CLOSED']));
    for (let index = 0; index < ids.length; index += 1) {
      expect(
        answers.slice(3 * index, 3 * index + 3).filter((answer) => !answer.errors),
      ).toHaveLength(1);
    }
  });

  it('issues one apology per dossier, and never closes a late dossier without one', async () => {
    // Due on 2026-06-15; resolved in November, late.
    const ids = await receiveMany(writers / 2, '2026-06-01');
    const answers = await Promise.all(
      ids.flatMap((dossierId) => [
        write(dossierWrites.apologize, {
          dossierId,
          reason: 'Cần xác minh thêm',
          newDueOn: '2026-12-01',
          issuedOn: '2026-06-10',
        }),
        write(dossierWrites.apologize, {
          dossierId,
          reason: 'Cần xác minh lại',
          newDueOn: '2026-12-02',
          issuedOn: '2026-06-11',
        }),
        write(dossierWrites.resolve, { dossierId, resolvedOn: '2026-11-02' }),
      ]),
    );
    // The second apology finds the first, or a dossier the first let close; a resolution before
    // any apology is refused.
    for (const refusal of errorCodes(answers)) {
      expect([
        'CONFLICT APOLOGY_EXISTS',
        'CONFLICT DOSSIER_CLOSED',
        'RULE_VIOLATION APOLOGY_REQUIRED',
      ]).toContain(refusal);
    }
    const lateWithoutApology = await selectRows(
      graph.database.db,
      sql`SELECT id FROM ${dossiers} WHERE outcome = 'LATE' AND apology_issued_on IS NULL`,
    );
    expect(lateWithoutApology).toEqual([]);
    const apologies = await selectRows<{ n: number }>(
      graph.database.db,
      sql`SELECT count(*)::int AS n FROM ${dossiers}
        WHERE id IN ${ids.map(Number)} AND apology_issued_on IS NOT NULL`,
    );
    expect(apologies[0]!.n).toBe(ids.length);
  });

  it(`receives one dossier for ${writers} identical requests at once`, async () => {
    const input = {
      idempotencyKey: 'same-dossier',
      provinceCode: '40',
      procedureCode: graph.communeProcedure,
      unitCode: '16681',
      channel: 'IN_PERSON',
      receivedOn: '2026-10-05',
    };
    const answers = await Promise.all(
      Array.from({ length: writers }, () =>
        graph.execute<{ receiveDossier: { dossier: { id: string } } }>(
          dossierWrites.receive,
          { input },
          writer,
        ),
      ),
    );
    expect(errorCodes(answers)).toEqual([]);
    expect(new Set(answers.map((answer) => answer.data.receiveDossier.dossier.id)).size).toBe(1);
    const [received] = await selectRows<{ n: number }>(
      graph.database.db,
      sql`SELECT count(*)::int AS n FROM ${dossiers} WHERE received_on = '2026-10-05'`,
    );
    expect(received!.n).toBe(1);
  });

  it(`answers ${writers} identical resolutions at once with the one resolution`, async () => {
    const [dossierId] = await receiveMany(1, '2026-10-06');
    const input = { idempotencyKey: 'same-resolution', provinceCode: '40', dossierId };
    const answers = await Promise.all(
      Array.from({ length: writers }, () =>
        graph.execute(
          dossierWrites.resolve,
          {
            input: { ...input, resolvedOn: '2026-10-07' },
          },
          writer,
        ),
      ),
    );
    expect(errorCodes(answers)).toEqual([]);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.data))).size).toBe(1);
  });
});
