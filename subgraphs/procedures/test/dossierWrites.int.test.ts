import { expectRefused } from '@home-affairs/testing';
import { describe, expect, it } from 'vitest';
import { refusedDossierWrites } from './refusedDossierWrites.ts';
import { dossierMutations as mutations, useDossierSubgraph, writer } from './useDossierSubgraph.ts';

const { execute, data, procedureCodes, statisticsTable, tableCounts } = useDossierSubgraph();

describe('writes', () => {
  it('refuses writes that break a rule, with a code, and changes nothing', async () => {
    const codes = await procedureCodes();
    const pending = await data<{ receiveDossier: { dossier: { id: string } } }>(mutations.receive, {
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
    const refusals = refusedDossierWrites(codes, id);
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
    const result = await execute(
      mutations.resolve,
      {
        input: {
          idempotencyKey: 'other-province',
          provinceCode: '40',
          dossierId: id,
          resolvedOn: '2025-09-09',
        },
      },
      { ...writer, province: '42' },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await tableCounts()).toEqual(counts);
    expect(await statisticsTable()).toEqual(statistics);

    // Once resolved, a dossier cannot be resolved or returned again.
    await data(mutations.resolve, {
      input: {
        idempotencyKey: 'pending-resolve',
        provinceCode: '40',
        dossierId: id,
        resolvedOn: '2025-09-09',
      },
    });
    const again = await execute(mutations.return, {
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
    const first = await data<{ receiveDossier: { dossier: { id: string } } }>(mutations.receive, {
      input,
    });
    const counts = await tableCounts();
    const second = await data<{ receiveDossier: { dossier: { id: string } } }>(mutations.receive, {
      input,
    });
    expect(second.receiveDossier.dossier.id).toBe(first.receiveDossier.dossier.id);
    expect(await tableCounts()).toEqual(counts);
    const conflict = await execute(mutations.receive, { input: { ...input, channel: 'ONLINE' } });
    expectRefused(conflict, 'CONFLICT', 'input.idempotencyKey');
  });
});
