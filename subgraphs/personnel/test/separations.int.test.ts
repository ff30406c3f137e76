import { anonymousIdentity } from '@home-affairs/identity';
import { expectRefused, writerIdentity } from '@home-affairs/testing';
import { describe, expect, it } from 'vitest';
import { researcher, useDemoSubgraph, writer } from './demoSubgraph.ts';

const { run, ok, write, writeOk, select } = useDemoSubgraph('personnel');

describe('separations and personal data', () => {
  const record = `mutation ($input: RecordSeparationInput!) {
    recordSeparation(input: $input) { separation { id reason benefitAmount agency { code } } } }`;
  const person = {
    idempotencyKey: 's-1',
    agencyCode: 'UBND-16681',
    reason: 'EARLY_RETIREMENT',
    category: 'COMMUNE_CADRE',
    effectiveDate: '2026-08-01',
    benefitAmount: 812_000_000,
    fullName: 'Trần Thị Kiểm Thử',
    nationalId: '040170123456',
    birthDate: '1970-05-04',
  };

  it('counts a separation from an absorbed province under the province that absorbed it', async () => {
    const recorded = await writeOk<{
      recordSeparation: { separation: { provinceCode: string; agency: { code: string } } };
    }>(
      `mutation ($input: RecordSeparationInput!) {
        recordSeparation(input: $input) { separation { provinceCode agency { code } } } }`,
      {
        ...person,
        idempotencyKey: 's-old',
        agencyCode: 'UBND-450',
        category: 'CIVIL_SERVANT',
        effectiveDate: '2025-03-01',
      },
    );
    expect(recorded.recordSeparation.separation).toEqual({
      provinceCode: '45',
      agency: { code: 'UBND-450' },
    });
    const late = await write(
      `mutation ($input: RecordSeparationInput!) { recordSeparation(input: $input) { separation { id } } }`,
      { ...person, idempotencyKey: 's-late', agencyCode: 'UBND-450' },
    );
    expectRefused(late, 'RULE_VIOLATION', 'input.effectiveDate');
  });

  it('refuses a malformed ID number without quoting it', async () => {
    const result = await write(record, {
      ...person,
      idempotencyKey: 's-bad',
      nationalId: '04017012345X',
    });
    expectRefused(result, 'BAD_USER_INPUT', 'input.nationalId');
    expect(JSON.stringify(result.errors)).not.toContain('04017012345X');
  });

  it('records a separation and serves its personal fields only with the personal scope', async () => {
    const recorded = await writeOk<{ recordSeparation: { separation: { id: string } } }>(
      record,
      person,
    );
    const id = recorded.recordSeparation.separation.id;
    const history = await select(
      `SELECT after::text AS after FROM personnel.history WHERE entity = 'separation'`,
    );
    expect(history.length).toBeGreaterThan(0);
    expect(JSON.stringify(history)).not.toContain(person.nationalId);
    expect(JSON.stringify(history)).not.toContain('Kiểm Thử');

    const query =
      '{ separations(first: 1, filter: {agencyCode: "UBND-16681", from: "2026-08-01"}) { nodes { id fullName nationalId birthDate } } }';
    for (const identity of [anonymousIdentity, researcher, writerIdentity('associations')]) {
      const refused = await run(query, {}, identity);
      expect(refused.data ?? null).toBeNull();
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(refused.errors?.[0]?.extensions.code);
      expect(JSON.stringify(refused)).not.toContain(person.nationalId);
    }
    const allowed = await ok(query, {}, writer());
    expect(allowed).toEqual({
      separations: {
        nodes: [
          {
            id,
            fullName: person.fullName,
            nationalId: person.nationalId,
            birthDate: person.birthDate,
          },
        ],
      },
    });
    const publicFields = await ok<{ separations: { nodes: { id: string }[] } }>(
      '{ separations(first: 1) { nodes { id reason effectiveDate benefitAmount synthetic agency { code } } } }',
      {},
      researcher,
    );
    expect(publicFields.separations.nodes[0]!.id).toBe(id);
  });
});
