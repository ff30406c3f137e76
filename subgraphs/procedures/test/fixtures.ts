import { reformDate } from '@home-affairs/graphql';
import type { DirectoryUnit } from '@home-affairs/unit-directory';

type Version = Omit<DirectoryUnit, 'type' | 'fullName'>;

function unit(version: Version): DirectoryUnit {
  return { ...version, type: version.level, fullName: version.name };
}

/**
 * A small unit directory as `fetchUnitDirectory` would read it on 2025-06-30 and today: Nghệ An
 * (40) with a ward that kept its code (16681), a commune merged into it (16684), a new-only
 * commune (16690) and the abolished city of Vinh (412); Hà Tĩnh (42) with one commune (18073).
 */
export const fixtureDirectory: DirectoryUnit[] = [
  // The last three-tier list.
  unit({
    code: '40',
    level: 'PROVINCE',
    name: 'Nghệ An',
    parentCode: null,
    provinceCode: '40',
    validFrom: null,
    validTo: reformDate,
    currentCodes: ['40'],
  }),
  unit({
    code: '42',
    level: 'PROVINCE',
    name: 'Hà Tĩnh',
    parentCode: null,
    provinceCode: '42',
    validFrom: null,
    validTo: reformDate,
    currentCodes: ['42'],
  }),
  unit({
    code: '412',
    level: 'DISTRICT',
    name: 'Vinh',
    parentCode: '40',
    provinceCode: '40',
    validFrom: null,
    validTo: reformDate,
    currentCodes: [],
  }),
  unit({
    code: '16681',
    level: 'COMMUNE',
    name: 'Đông Vĩnh',
    parentCode: '412',
    provinceCode: '40',
    validFrom: null,
    validTo: reformDate,
    currentCodes: ['16681'],
  }),
  unit({
    code: '16684',
    level: 'COMMUNE',
    name: 'Hưng Bình',
    parentCode: '412',
    provinceCode: '40',
    validFrom: null,
    validTo: reformDate,
    currentCodes: ['16681'],
  }),
  unit({
    code: '18073',
    level: 'COMMUNE',
    name: 'Thạch Hà',
    parentCode: null,
    provinceCode: '42',
    validFrom: null,
    validTo: reformDate,
    currentCodes: ['18073'],
  }),
  // The two-tier list, still in force today.
  unit({
    code: '40',
    level: 'PROVINCE',
    name: 'Nghệ An',
    parentCode: null,
    provinceCode: '40',
    validFrom: reformDate,
    validTo: null,
    currentCodes: ['40'],
  }),
  unit({
    code: '42',
    level: 'PROVINCE',
    name: 'Hà Tĩnh',
    parentCode: null,
    provinceCode: '42',
    validFrom: reformDate,
    validTo: null,
    currentCodes: ['42'],
  }),
  unit({
    code: '16681',
    level: 'COMMUNE',
    name: 'Thành Vinh',
    parentCode: '40',
    provinceCode: '40',
    validFrom: reformDate,
    validTo: null,
    currentCodes: ['16681'],
  }),
  unit({
    code: '16690',
    level: 'COMMUNE',
    name: 'Vinh Hưng',
    parentCode: '40',
    provinceCode: '40',
    validFrom: reformDate,
    validTo: null,
    currentCodes: ['16690'],
  }),
  unit({
    code: '18073',
    level: 'COMMUNE',
    name: 'Thạch Hà',
    parentCode: '42',
    provinceCode: '42',
    validFrom: reformDate,
    validTo: null,
    currentCodes: ['18073'],
  }),
];
