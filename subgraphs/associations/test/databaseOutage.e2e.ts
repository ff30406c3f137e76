import { setTimeout as sleep } from 'node:timers/promises';
import { selectRows } from '@home-affairs/db';
import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import {
  captureLines,
  findPostgresBinaries,
  type PostgresCluster,
  startPostgresCluster,
} from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeHistory, idempotencyKeys, organizations } from '../src/db/schema.ts';
import { type AssociationsDatabaseHandle, openAssociationsDatabase } from '../src/server.ts';
import {
  createFixtureSubgraph,
  fixtureRegistration,
  fixtureWriter,
  testIdentityHeader,
} from './fixtures.ts';

// The associations subgraph over a Postgres server of the test's own, which the test kills with
// SIGKILL in the middle of a stream of writes and starts again: a crash, not a clean shutdown.
const bindir = findPostgresBinaries();

let cluster: PostgresCluster | undefined;
const opened: AssociationsDatabaseHandle[] = [];
const services: HttpService[] = [];
// Every subgraph the test starts logs here.
const log = captureLines();
const connectionErrors: Error[] = [];

/** The subgraph as its process runs it: its own pool on the cluster, listening on a free port. */
async function startSubgraph() {
  const database = await openAssociationsDatabase({
    url: cluster!.url,
    onConnectionError: (error) => connectionErrors.push(error),
  });
  opened.push(database);
  const logger = createLogger('associations', 'info', log.stream);
  const subgraph = createFixtureSubgraph(database, logger);
  const service = await startHttpService({ ...subgraph, logger, port: 0 });
  services.push(service);
  return { database, subgraph, service };
}

beforeAll(async () => {
  if (bindir) cluster = await startPostgresCluster(bindir);
});

afterAll(async () => {
  for (const service of services) await service.close();
  // Closing twice is harmless here; a database the test closed itself is skipped by the catch.
  for (const database of opened) await database.close().catch(() => {});
  await cluster?.dispose();
});

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [testIdentityHeader]: JSON.stringify(fixtureWriter),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse };
}

const register = `mutation Register($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) { organization { registrationNumber } }
}`;

function registration(index: number) {
  const number = String(970000 + index);
  return {
    ...fixtureRegistration,
    idempotencyKey: `outage-${number}`,
    registrationNumber: `HOI-${number}`,
    name: `Hội Khuyến học số ${number}`,
  };
}

describe('the associations subgraph when its Postgres crashes', () => {
  it('answers SERVICE_UNAVAILABLE during the outage, recovers by itself, and loses no acknowledged write', async (context) => {
    if (!cluster) {
      context.skip(
        'no PostgreSQL server binaries (initdb, postgres): install the postgresql package',
      );
    }
    const { database, subgraph, service } = await startSubgraph();
    await subgraph.prepare();
    const ready = new URL('/ready', service.url);
    expect((await fetch(ready)).status).toBe(200);

    // Writers send registrations one after another, each retried with its own key until it is
    // acknowledged; every error on the way is kept to be checked.
    const total = 60;
    let next = 0;
    const acknowledged = new Map<string, string>();
    const errorCodes: string[] = [];
    let requestsDuringOutage = 0;
    let down = false;
    // The key each writer is sending right now.
    const sending = new Set<string>();
    const writerLoop = async () => {
      for (let index = next++; index < total; index = next++) {
        const input = registration(index);
        sending.add(input.idempotencyKey);
        for (;;) {
          if (down) requestsDuringOutage += 1;
          const { status, body } = await post(service.url, register, { input });
          const organization = (
            body.data?.registerOrganization as { organization?: { registrationNumber: string } }
          )?.organization;
          if (organization) {
            expect(status).toBe(200);
            acknowledged.set(input.idempotencyKey, organization.registrationNumber);
            sending.delete(input.idempotencyKey);
            break;
          }
          for (const error of body.errors ?? []) {
            errorCodes.push(error.extensions?.code ?? 'NONE');
            // The caller learns that the service is unavailable, nothing of the driver.
            expect(error.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|terminat|Failed query/);
          }
          await sleep(50);
        }
      }
    };
    const writers = Promise.all(Array.from({ length: 4 }, writerLoop));
    let failure: unknown;
    writers.catch((error: unknown) => {
      failure = error;
    });
    /** Waits for `condition`, or fails with a writer's failed expectation. */
    const until = async (condition: () => boolean) => {
      while (!condition()) {
        if (failure) throw failure;
        await sleep(10);
      }
    };

    await until(() => acknowledged.size >= 15);
    // Hold every writer inside its transaction when the server dies: another session locks the
    // table the registrations insert into, and the crash comes once all four wait on that lock
    // (their keys claimed, nothing committed).
    const blocker = await openAssociationsDatabase({ url: cluster!.url, poolSize: 1 });
    opened.push(blocker);
    let locked = () => {};
    let crashDone = () => {};
    const tableLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const crashed = new Promise<void>((resolve) => {
      crashDone = resolve;
    });
    const holding = blocker.db
      .transaction(async (tx) => {
        await tx.execute(sql`LOCK TABLE ${organizations} IN EXCLUSIVE MODE`);
        locked();
        // Held until the crash; its COMMIT then fails like the writers' statements.
        await crashed;
      })
      .catch(() => {});
    await tableLocked;
    for (;;) {
      const [row] = await selectRows<{ waiting: number }>(
        database.db,
        sql`SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE application_name = 'associations' AND wait_event_type = 'Lock'`,
      );
      if (row?.waiting === 4) break;
      if (failure) throw failure;
      await sleep(20);
    }
    const inFlight = new Set(sending);
    expect(inFlight.size).toBe(4);
    down = true;
    await cluster!.crash();
    crashDone();
    await holding;
    // During the outage reads fail the same way, and the process says it is not ready.
    const read = await post(service.url, '{ organizations(first: 1) { totalCount } }');
    expect(read.body.errors?.map((error) => error.extensions?.code)).toEqual([
      'SERVICE_UNAVAILABLE',
    ]);
    const notReady = await fetch(ready);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      status: 'unavailable',
      reason: 'database unavailable',
    });
    await until(() => requestsDuringOutage >= 8);
    const acknowledgedBeforeRestart = acknowledged.size;
    await cluster!.start();
    down = false;
    await writers;

    // Recovered without a restart of the subgraph: the same process took every write.
    expect(acknowledged.size).toBe(total);
    expect(acknowledgedBeforeRestart).toBeLessThan(total);
    expect(errorCodes.length).toBeGreaterThan(0);
    expect(new Set(errorCodes)).toEqual(new Set(['SERVICE_UNAVAILABLE']));
    for (const key of inFlight) expect(acknowledged.has(key)).toBe(true);
    expect((await fetch(ready)).status).toBe(200);
    expect(log.lines.join('')).not.toContain('unexpected error');

    // Every acknowledged write is in the database, once.
    const registrationNumbers = [...acknowledged.values()];
    const count = async () => {
      const [row] = await selectRows<{ organizations: number; history: number; keys: number }>(
        database.db,
        sql`SELECT
          (SELECT count(*)::int FROM ${organizations}
            WHERE ${organizations.registrationNumber} LIKE 'HOI-97%') AS organizations,
          (SELECT count(*)::int FROM ${changeHistory}
            WHERE ${changeHistory.entityKey} LIKE 'HOI-97%') AS history,
          (SELECT count(*)::int FROM ${idempotencyKeys}
            WHERE ${idempotencyKeys.key} LIKE 'outage-%') AS keys`,
      );
      return row;
    };
    const stored = await selectRows<{ registration_number: string }>(
      database.db,
      sql`SELECT ${organizations.registrationNumber} AS registration_number FROM ${organizations}
        WHERE ${organizations.registrationNumber} LIKE 'HOI-97%'`,
    );
    expect(new Set(stored.map((row) => row.registration_number))).toEqual(
      new Set(registrationNumbers),
    );
    const before = await count();
    expect(before).toEqual({ organizations: total, history: total, keys: total });

    // A client that never saw an answer retries with the same key: the first result, no change.
    for (let index = 0; index < total; index += 1) {
      const input = registration(index);
      const { body } = await post(service.url, register, { input });
      expect(body).toEqual({
        data: {
          registerOrganization: { organization: { registrationNumber: input.registrationNumber } },
        },
        // What the write changed, for the gateway's response cache (ADR 0014).
        extensions: {
          invalidates: expect.arrayContaining([`Organization:${input.registrationNumber}`]),
        },
      });
    }
    expect(await count()).toEqual(before);
    // No connection was lost to the pool: closing waits for every checked-out client, so it
    // would hang on one that a failed transaction never gave back (drizzle-orm's BEGIN outside
    // its try/finally, patched in patches/drizzle-orm@*.patch).
    await service.close();
    await expect(
      Promise.race([database.close().then(() => 'closed'), sleep(10_000, 'a client leaked')]),
    ).resolves.toBe('closed');
    console.log(
      `database outage: ${errorCodes.length} SERVICE_UNAVAILABLE answers, ${requestsDuringOutage} requests during the outage, ${inFlight.size} writes in flight at the crash, ${connectionErrors.length} connections reported lost, ${acknowledgedBeforeRestart} of ${total} writes acknowledged before the restart`,
    );
  });

  it('starts while its database is down and becomes ready once it is up', async (context) => {
    if (!cluster) {
      context.skip(
        'no PostgreSQL server binaries (initdb, postgres): install the postgresql package',
      );
    }
    await cluster!.crash();
    const { subgraph, service } = await startSubgraph();
    const preparing = subgraph.prepare();
    const ready = new URL('/ready', service.url);
    const waiting = await fetch(ready);
    expect(waiting.status).toBe(503);
    const refused = await post(service.url, '{ organizations(first: 1) { totalCount } }');
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual([
      'SERVICE_UNAVAILABLE',
    ]);
    await sleep(1500);
    await cluster!.start();
    await preparing;
    expect((await fetch(ready)).status).toBe(200);
    const answered = await post(service.url, '{ organizations(first: 0) { totalCount } }');
    expect(answered.body.errors).toBeUndefined();
    expect(log.lines.join('')).toContain('database unavailable while preparing; trying again');
  });
});
