import { createLogger } from '@home-affairs/service';
import { startedForTests } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { startAuditedFixtureGraph } from '../testing/startAuditedFixtureGraph.ts';
import { securityTables } from './db/schema.ts';
import { type Answer, errorCodesOf } from './testing/startSecuredFixtureGraph.ts';

const logger = createLogger('audit-queue-test', 'silent');
const maxQueue = 5;

const graph = startedForTests(() =>
  startAuditedFixtureGraph({ logger, overrides: { audit: { maxQueue, flushMilliseconds: 10 } } }),
);

/**
 * Stalls the audit writer the way a slow or locked database does: a transaction holds the
 * advisory lock every audit batch takes first, until `release` is called.
 */
async function stallAuditWrites(): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holding = graph().database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('gateway.audit_log'))`);
    locked();
    await released;
  });
  await lockTaken;
  return {
    release: async () => {
      release();
      await holding;
    },
  };
}

const auditRows = () =>
  graph()
    .database.db.select()
    .from(securityTables.auditLog)
    .orderBy(securityTables.auditLog.sequence);

describe('the audit queue when the audit database stalls', () => {
  it('refuses auditable operations once full, never grows, does not record the refusals, and recovers', async () => {
    const audit = graph().security.audit!;
    await audit.flush();
    const rowsBefore = (await auditRows()).length;
    const researcher = await graph().tokenFor('researcher', { subject: 'queue-researcher' });
    const writer = await graph().tokenFor('writer', { subgraph: 'units', subject: 'queue-writer' });
    const read = (name: string) =>
      graph().ask(`query ${name} { unit(code: "40") { code } }`, researcher);

    const stall = await stallAuditWrites();
    try {
      const served: Answer[] = [];
      for (let index = 0; index < maxQueue; index += 1) served.push(await read(`Served${index}`));
      expect(served.map((answer) => answer.status)).toEqual(Array(maxQueue).fill(200));
      expect(audit.size()).toBe(maxQueue);

      const subgraphCallsBefore = graph().subgraphCalls();
      const refused = await Promise.all(
        Array.from({ length: 20 }, (_, index) => read(`Refused${index}`)),
      );
      for (const answer of refused) {
        expect(answer.status).toBe(503);
        expect(errorCodesOf(answer)).toEqual(['AUDIT_UNAVAILABLE']);
      }
      // A write is refused before it reaches its subgraph: nothing runs unrecorded.
      const write = await graph().ask(
        'mutation RefusedWrite { renameUnit(code: "40", provinceCode: "40", name: "x") { name } }',
        writer,
      );
      expect(write.status).toBe(503);
      expect(errorCodesOf(write)).toEqual(['AUDIT_UNAVAILABLE']);
      // A refusal for another reason (here a parse error) is answered as usual, not queued.
      const malformed = await graph().ask('query Broken { unit(', researcher);
      expect(malformed.status).toBe(400);
      expect(graph().subgraphCalls()).toBe(subgraphCallsBefore);
      expect(audit.size()).toBe(maxQueue);

      // Anonymous public reads are not audited, so they are still served.
      const anonymous = await graph().ask('{ unit(code: "40") { code } }');
      expect(anonymous.status).toBe(200);
      expect(audit.size()).toBe(maxQueue);
    } finally {
      await stall.release();
    }

    await audit.flush();
    expect(audit.size()).toBe(0);
    const after = await graph().ask(
      'mutation Recovered { renameUnit(code: "40", provinceCode: "40", name: "Nghệ An") { name } }',
      writer,
    );
    expect(after.status).toBe(200);
    expect(after.body.errors).toBeUndefined();
    await audit.flush();

    const rows = (await auditRows()).slice(rowsBefore);
    expect(rows.map((row) => row.operationName)).toEqual([
      ...Array.from({ length: maxQueue }, (_, index) => `Served${index}`),
      'Recovered',
    ]);
    expect(rows.some((row) => row.errorCodes.includes('AUDIT_UNAVAILABLE'))).toBe(false);
  });
});
