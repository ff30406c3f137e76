import { foldForSearch, reformDate } from '@home-affairs/graphql';
import {
  administrativeUnits,
  type NewAdministrativeUnit,
  type NewUnitTransition,
  unitTransitions,
} from '../src/db/schema.ts';
import type { UnitsDatabase } from '../src/units/queries.ts';

function unit(
  code: string,
  fullName: string,
  rest: Omit<NewAdministrativeUnit, 'code' | 'fullName' | 'name' | 'searchKey' | 'source'>,
): NewAdministrativeUnit {
  const name = fullName.replace(/^(Tỉnh|Huyện|Xã|Phường|Thị trấn|Thành phố|Đặc khu) /, '');
  return {
    code,
    fullName,
    name,
    searchKey: foldForSearch(`${fullName} ${code}`),
    source: 'fixture',
    ...rest,
  };
}

/**
 * A small made-up slice of Nghệ An before and after the reform (real province code, invented
 * lineage): two old wards merged into one new ward, a commune split between two new wards, a
 * town carried on under its code, and a rename on 2026-03-01.
 */
export const fixtureUnits: NewAdministrativeUnit[] = [
  unit('40', 'Tỉnh Nghệ An', {
    level: 'PROVINCE',
    type: 'PROVINCE',
    provinceCode: '40',
    validTo: reformDate,
  }),
  unit('412', 'Thành phố Vinh', {
    level: 'DISTRICT',
    type: 'PROVINCIAL_CITY',
    parentCode: '40',
    provinceCode: '40',
    validTo: reformDate,
  }),
  unit('414', 'Huyện Quế Phong', {
    level: 'DISTRICT',
    type: 'RURAL_DISTRICT',
    parentCode: '40',
    provinceCode: '40',
    validTo: reformDate,
  }),
  unit('16681', 'Phường Đông Vĩnh', {
    level: 'COMMUNE',
    type: 'WARD',
    parentCode: '412',
    provinceCode: '40',
    validTo: reformDate,
  }),
  unit('16684', 'Phường Hà Huy Tập', {
    level: 'COMMUNE',
    type: 'WARD',
    parentCode: '412',
    provinceCode: '40',
    validTo: reformDate,
  }),
  unit('16687', 'Xã Nghi Phú', {
    level: 'COMMUNE',
    type: 'COMMUNE',
    parentCode: '412',
    provinceCode: '40',
    validTo: reformDate,
  }),
  unit('16738', 'Thị trấn Kim Sơn', {
    level: 'COMMUNE',
    type: 'COMMUNE_LEVEL_TOWN',
    parentCode: '414',
    provinceCode: '40',
    validTo: reformDate,
  }),
  unit('40', 'Tỉnh Nghệ An', {
    level: 'PROVINCE',
    type: 'PROVINCE',
    provinceCode: '40',
    validFrom: reformDate,
  }),
  unit('16681', 'Phường Thành Vinh', {
    level: 'COMMUNE',
    type: 'WARD',
    parentCode: '40',
    provinceCode: '40',
    validFrom: reformDate,
    validTo: '2026-03-01',
  }),
  unit('16681', 'Phường Vinh Phú', {
    level: 'COMMUNE',
    type: 'WARD',
    parentCode: '40',
    provinceCode: '40',
    validFrom: '2026-03-01',
  }),
  unit('16690', 'Phường Vinh Hưng', {
    level: 'COMMUNE',
    type: 'WARD',
    parentCode: '40',
    provinceCode: '40',
    validFrom: reformDate,
  }),
  unit('16738', 'Xã Quế Phong', {
    level: 'COMMUNE',
    type: 'COMMUNE',
    parentCode: '40',
    provinceCode: '40',
    validFrom: reformDate,
  }),
];

/** Lineage of the fixture: 16681 and 16684 merged, 16687 split, 16738 carried on. */
export const fixtureTransitions: NewUnitTransition[] = (
  [
    { predecessorCode: '40', successorCode: '40', share: 'WHOLE', resolution: '202/2025/QH15' },
    { predecessorCode: '16681', successorCode: '16681', share: 'WHOLE' },
    { predecessorCode: '16684', successorCode: '16681', share: 'WHOLE' },
    { predecessorCode: '16687', successorCode: '16681', share: 'PART' },
    { predecessorCode: '16687', successorCode: '16690', share: 'PART' },
    { predecessorCode: '16738', successorCode: '16738', share: 'WHOLE' },
  ] as const
).map((link) => ({ ...link, effectiveDate: reformDate, source: 'fixture' }));

/** Writes the fixture into an empty units database. */
export async function insertFixture(db: UnitsDatabase) {
  await db.insert(administrativeUnits).values(fixtureUnits);
  await db.insert(unitTransitions).values(fixtureTransitions);
}
