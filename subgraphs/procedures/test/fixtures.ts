import { reformDate } from '@home-affairs/graphql';
import type { DirectoryUnit } from '@home-affairs/unit-directory';
import { type DirectoryUnitRow, directoryUnit } from '@home-affairs/unit-directory/testing';

/** The days a unit of the last three-tier list was in force: until the reform. */
const lastThreeTier = { validFrom: null, validTo: reformDate };
/** The days a unit of the two-tier list is in force: from the reform until today. */
const twoTier = { validFrom: reformDate, validTo: null };

/** A unit version of the fixture directory, whose type is its level and full name its name. */
function unit(
  period: Pick<DirectoryUnit, 'validFrom' | 'validTo'>,
  ...row: DirectoryUnitRow
): DirectoryUnit {
  const [, level] = row;
  return directoryUnit(row, { ...period, type: level });
}

/**
 * A small unit directory as `fetchUnitDirectory` would read it on 2025-06-30 and today: Nghệ An
 * (40) with a ward that kept its code (16681), a commune merged into it (16684), a new-only
 * commune (16690) and the abolished city of Vinh (412); Hà Tĩnh (42) with one commune (18073).
 */
export const fixtureDirectory: DirectoryUnit[] = [
  // The last three-tier list.
  unit(lastThreeTier, '40', 'PROVINCE', 'Nghệ An', null, '40', ['40']),
  unit(lastThreeTier, '42', 'PROVINCE', 'Hà Tĩnh', null, '42', ['42']),
  unit(lastThreeTier, '412', 'DISTRICT', 'Vinh', '40', '40', []),
  unit(lastThreeTier, '16681', 'COMMUNE', 'Đông Vĩnh', '412', '40', ['16681']),
  unit(lastThreeTier, '16684', 'COMMUNE', 'Hưng Bình', '412', '40', ['16681']),
  unit(lastThreeTier, '18073', 'COMMUNE', 'Thạch Hà', null, '42', ['18073']),
  // The two-tier list, still in force today.
  unit(twoTier, '40', 'PROVINCE', 'Nghệ An', null, '40', ['40']),
  unit(twoTier, '42', 'PROVINCE', 'Hà Tĩnh', null, '42', ['42']),
  unit(twoTier, '16681', 'COMMUNE', 'Thành Vinh', '40', '40', ['16681']),
  unit(twoTier, '16690', 'COMMUNE', 'Vinh Hưng', '40', '40', ['16690']),
  unit(twoTier, '18073', 'COMMUNE', 'Thạch Hà', '42', '42', ['18073']),
];
