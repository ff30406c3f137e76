import { selectRows } from '@home-affairs/db';
import { expectRefused, writerIdentity } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationLeaders, organizations } from '../src/db/schema.ts';
import { association, changeStatus, register, startSubgraph } from './startSubgraph.ts';

const quảngTrịWriter = writerIdentity('associations', '45');
const nationalWriter = writerIdentity('associations');
let graph: Awaited<ReturnType<typeof startSubgraph>>;

function execute(identity: typeof nationalWriter, query: string, variables = {}) {
  return graph.execute(query, variables, identity);
}

beforeAll(async () => {
  graph = await startSubgraph('associations_province');
  const registrations = [
    association('HOI-950001', '19000', '45'),
    association('HOI-950002', '19300', '45'),
    association('HOI-950003', '00004', '01'),
    {
      ...association('HOI-950004', '19300', '45'),
      scope: 'NATIONWIDE',
      licensingLevel: 'MINISTRY',
    },
  ];
  for (const input of registrations) {
    const answer = await execute(nationalWriter, register, { input });
    expect(answer.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await graph?.close();
});

async function endedOn(registrationNumber: string) {
  const [row] = await selectRows<{ ended_on: string | null }>(
    graph.database.db,
    sql`SELECT ended_on FROM ${organizations} WHERE registration_number = ${registrationNumber}`,
  );
  return row?.ended_on;
}

describe('references into another province', () => {
  const merge = (mergedInto: string) => ({
    input: {
      idempotencyKey: `merge-into-${mergedInto}`,
      registrationNumber: 'HOI-950001',
      provinceCode: '45',
      status: 'MERGED',
      mergedInto,
      effectiveOn: '2025-10-01',
      decisionNumber: '1/QĐ-UBND',
    },
  });

  it('refuses to merge into an organisation of another province, naming input.mergedInto', async () => {
    const answer = await execute(quảngTrịWriter, changeStatus, merge('HOI-950003'));
    expectRefused(answer, 'FORBIDDEN', 'input.mergedInto');
    expect(await endedOn('HOI-950001')).toBeNull();
  });

  it('refuses to merge into one the ministry licenses, naming input.mergedInto', async () => {
    const answer = await execute(quảngTrịWriter, changeStatus, merge('HOI-950004'));
    expectRefused(answer, 'FORBIDDEN', 'input.mergedInto');
    expect(await endedOn('HOI-950001')).toBeNull();
  });

  it('refuses to seat a new organisation in another province, naming input.seatCode', async () => {
    const answer = await execute(quảngTrịWriter, register, {
      input: { ...association('HOI-950005', '00004', '45'), idempotencyKey: 'seat-elsewhere' },
    });
    expectRefused(answer, 'FORBIDDEN', 'input.seatCode');
    expect(await endedOn('HOI-950005')).toBeUndefined();
  });

  it('merges into an organisation of its own province', async () => {
    const answer = await execute(quảngTrịWriter, changeStatus, merge('HOI-950002'));
    expect(answer.errors).toBeUndefined();
    expect(await endedOn('HOI-950001')).toBe('2025-10-01');
  });
});

describe('personal data for a province-restricted writer', () => {
  const leaders = (provinceCode: string, field: string) =>
    `{ organizations(filter: { provinceCode: "${provinceCode}" }, first: 500) {
      nodes { registrationNumber leaders { position ${field} } } } }`;

  async function someLeader(provinceCode: string) {
    const [row] = await selectRows<{ full_name: string; phone: string | null }>(
      graph.database.db,
      sql`SELECT l.full_name, l.phone FROM ${organizationLeaders} l
        JOIN ${organizations} o ON o.registration_number = l.registration_number
        WHERE o.seat_current_province_code = ${provinceCode} LIMIT 1`,
    );
    return row!;
  }

  it('reads the leaders of its own province', async () => {
    const answer = await execute(quảngTrịWriter, leaders('45', 'fullName phone email'));
    expect(answer.errors).toBeUndefined();
    expect(JSON.stringify(answer.data)).toContain((await someLeader('45')).full_name);
  });

  it.each([
    'fullName',
    'phone',
    'email',
  ])('is refused %s of another province’s leaders with FORBIDDEN, without the value', async (field) => {
    const leader = await someLeader('01');
    const answer = await execute(quảngTrịWriter, leaders('01', field));
    expect(answer.errors?.[0]).toMatchObject({
      path: expect.arrayContaining(['organizations', 'leaders', field]),
      extensions: { code: 'FORBIDDEN' },
    });
    expect(JSON.stringify(answer)).not.toContain(leader.full_name);
  });

  it('still reads the public fields of another province’s leaders', async () => {
    const answer = await execute(quảngTrịWriter, leaders('01', 'termStart'));
    expect(answer.errors).toBeUndefined();
  });

  it('leaves a writer without a province every leader', async () => {
    const answer = await execute(nationalWriter, leaders('01', 'fullName'));
    expect(answer.errors).toBeUndefined();
    expect(JSON.stringify(answer.data)).toContain((await someLeader('01')).full_name);
  });
});
