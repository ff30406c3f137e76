import { selectRows } from '@home-affairs/db';
import { expectRefused, writerIdentity } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossiers } from '../src/db/schema.ts';
import { dossierWrites, startSubgraph } from './startSubgraph.ts';

const nghệAnWriter = writerIdentity('procedures', '40');
const nationalWriter = writerIdentity('procedures');
let graph: Awaited<ReturnType<typeof startSubgraph>>;
/** A dossier of each province, received by the national writer. */
const received: Record<string, string> = {};

function execute(identity: typeof nationalWriter, query: string, variables = {}) {
  return graph.execute<Record<string, { dossier: { id: string } } | null>>(
    query,
    variables,
    identity,
  );
}

function receiveInput(unitCode: string, provinceCode: string, key: string) {
  return {
    input: {
      idempotencyKey: key,
      provinceCode,
      procedureCode: graph.communeProcedure,
      unitCode,
      channel: 'ONLINE',
      receivedOn: '2026-10-01',
    },
  };
}

beforeAll(async () => {
  graph = await startSubgraph('procedures_province');
  for (const [unitCode, provinceCode] of [
    ['16681', '40'],
    ['18073', '42'],
  ] as const) {
    const answer = await execute(
      nationalWriter,
      dossierWrites.receive,
      receiveInput(unitCode, provinceCode, `setup-${provinceCode}`),
    );
    expect(answer.errors).toBeUndefined();
    received[provinceCode] = answer.data.receiveDossier!.dossier.id;
  }
});

afterAll(async () => {
  await graph?.close();
});

async function dossierCount() {
  const [row] = await selectRows<{ n: number }>(
    graph.database.db,
    sql`SELECT count(*)::int AS n FROM ${dossiers}`,
  );
  return row!.n;
}

describe('a province-restricted writer of dossiers', () => {
  const read = 'query ($id: ID!) { dossier(id: $id) { id outcome receivingUnit { code } } }';

  it('reads a dossier of its own province', async () => {
    const answer = await execute(nghệAnWriter, read, { id: received['40'] });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.dossier).toMatchObject({ id: received['40'] });
  });

  it('is refused a dossier of another province with FORBIDDEN, and sees nothing of it', async () => {
    const answer = await execute(nghệAnWriter, read, { id: received['42'] });
    expect(answer.errors?.[0]).toMatchObject({
      path: ['dossier'],
      extensions: { code: 'FORBIDDEN' },
    });
    expect(answer.data.dossier).toBeNull();
  });

  it('cannot receive a dossier at a unit of another province, naming input.unitCode', async () => {
    const before = await dossierCount();
    const answer = await execute(
      nghệAnWriter,
      dossierWrites.receive,
      receiveInput('18073', '40', 'elsewhere'),
    );
    expectRefused(answer, 'FORBIDDEN', 'input.unitCode');
    expect(await dossierCount()).toBe(before);
  });

  it('cannot change a dossier of another province', async () => {
    const answer = await execute(nghệAnWriter, dossierWrites.withdraw, {
      input: { idempotencyKey: 'withdraw-42', provinceCode: '40', dossierId: received['42'] },
    });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const [row] = await selectRows<{ outcome: string }>(
      graph.database.db,
      sql`SELECT outcome FROM ${dossiers} WHERE id = ${Number(received['42'])}`,
    );
    expect(row!.outcome).toBe('PENDING');
  });

  it('leaves a writer without a province every dossier', async () => {
    const answer = await execute(nationalWriter, read, { id: received['42'] });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.dossier).toMatchObject({ id: received['42'] });
  });
});
