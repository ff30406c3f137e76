import type { OrganizationKind, OrganizationScope } from './queries.ts';

/** The licensing level each scope requires (Decree 126/2024/ND-CP on associations). */
export const licensingLevelOfScope = {
  NATIONWIDE: 'MINISTRY',
  INTER_PROVINCIAL: 'MINISTRY',
  PROVINCIAL: 'PROVINCIAL_PEOPLES_COMMITTEE',
  COMMUNE: 'COMMUNE_PEOPLES_COMMITTEE',
} as const;

/**
 * Least founding assets of a fund by scope, in đồng (Decree 93/2019/ND-CP, Article 15): 5
 * billion nationwide or inter-provincial, 1 billion provincial, 50 million commune.
 */
export const minimumFundAssets: Record<OrganizationScope, number> = {
  NATIONWIDE: 5_000_000_000,
  INTER_PROVINCIAL: 5_000_000_000,
  PROVINCIAL: 1_000_000_000,
  COMMUNE: 50_000_000,
};

/** The registration-number prefix of each kind of organisation. */
export const prefixOfKind: Record<OrganizationKind, string> = {
  ASSOCIATION: 'HOI',
  SOCIAL_FUND: 'QXH',
  CHARITY_FUND: 'QTT',
};

/**
 * The agency that licenses at `level` for a seat: the ministry, or the people's committee of the
 * seat's province or commune.
 */
export function agencyCode(level: string, provinceCode: string, communeCode: string): string {
  if (level === 'MINISTRY') return 'BNV';
  return `UBND-${level === 'PROVINCIAL_PEOPLES_COMMITTEE' ? provinceCode : communeCode}`;
}
