import { describe, expect, it } from 'vitest';
import { useDossierSubgraph } from './useDossierSubgraph.ts';

const { graph, execute, data } = useDossierSubgraph();

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
    const { result, statements } = await graph().measure(() =>
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
