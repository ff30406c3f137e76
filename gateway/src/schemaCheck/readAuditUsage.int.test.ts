import { createLogger } from '@home-affairs/service';
import { startedForTests } from '@home-affairs/testing';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { securityTables } from '../security/db/schema.ts';
import { startAuditedFixtureGraph } from '../testing/startAuditedFixtureGraph.ts';
import { readAuditUsage } from './readAuditUsage.ts';

const logger = createLogger('audit-usage-test', 'silent');
const graph = startedForTests(() => startAuditedFixtureGraph({ logger }));

describe('usage from the audit log', () => {
  it('reads the operations known callers ran, with their documents and no typed value', async () => {
    const researcher = await graph().tokenFor('researcher');
    const writer = await graph().tokenFor('writer', { subgraph: 'associations' });
    const units = 'query Units { units(first: 2) { code name } }';
    expect((await graph().ask(units, researcher)).body.errors).toBeUndefined();
    expect((await graph().ask(units, researcher)).body.errors).toBeUndefined();
    const register = `mutation Register { registerAssociation(input: { name: "Hội Cựu chiến binh", provinceCode: "40", chairpersonNationalId: "040090001234" }) { id name } }`;
    expect((await graph().ask(register, writer)).body.errors).toBeUndefined();
    // Refused before it ran: not a use of anything.
    const refused = await graph().ask(
      'query Refused { associations { chairperson { nationalId } } }',
      researcher,
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // An audited operation whose document was never kept (recorded before documents were).
    await graph().security.audit!.record({
      at: new Date(),
      subject: 'older-gateway',
      role: 'researcher',
      tokenId: null,
      clientName: null,
      operationType: 'query',
      operationName: 'Older',
      documentHash: 'f'.repeat(64),
      variables: '{}',
      subgraphs: ['units'],
      outcome: 'ok',
      errorCodes: [],
      durationMs: 1,
    });
    await graph().security.audit!.flush();
    await graph().security.documents!.flush();

    const usage = await readAuditUsage(graph().database.db, 30);
    const byName = new Map(usage.operations.map((operation) => [operation.name, operation]));
    expect([...byName.keys()].sort()).toEqual(['Register', 'Units']);
    expect(byName.get('Units')?.runs).toBe(2);
    expect(byName.get('Register')?.runs).toBe(1);
    expect(usage.withoutDocument).toBe(1);
    // The registration's shape is kept, the name and ID number typed into it are not.
    const kept = print(byName.get('Register')!.document);
    expect(kept).toContain('registerAssociation');
    expect(kept).toContain('chairpersonNationalId');
    const stored = JSON.stringify(
      await graph().database.db.select().from(securityTables.operationDocuments),
    );
    for (const value of ['040090001234', 'Hội Cựu chiến binh']) {
      expect(kept).not.toContain(value);
      expect(stored).not.toContain(value);
    }

    // Outside the window, nothing.
    const later = new Date(Date.now() + 31 * 24 * 60 * 60 * 1000);
    expect((await readAuditUsage(graph().database.db, 30, later)).operations).toEqual([]);
  });
});
