import { hash } from 'node:crypto';
import { dayNumber, isoDay } from '@home-affairs/graphql';
import { separations } from '../db/schema.ts';

/** An agency a separation can be drawn from: in operation on 2025-01-01. */
export interface EligibleAgency {
  code: string;
  kind: string;
  /** The agency's own province; null for a central agency. */
  provinceCode: string | null;
  /** Today's province of the agency (an absorbed province counts under its absorber). */
  todayProvince: string | null;
  /** Days in 2025 the agency operated, from 2025-01-01. */
  days: number;
}

/** The columns of `separationRows`, in their order (the id comes from the table's identity). */
export const separationColumns = [
  separations.agencyCode,
  separations.provinceCode,
  separations.reason,
  separations.category,
  separations.effectiveDate,
  separations.benefitAmount,
  separations.fullName,
  separations.nationalId,
  separations.birthDate,
  separations.synthetic,
];

// Common family, middle and given names (the draws index them in this order).
const surnames = 'Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô'.split(' ');
const middleNames = 'Văn Thị Hữu Đức Minh Thanh Ngọc Quang'.split(' ');
const givenNames = (
  'An Bình Chi Dũng Giang Hà Hải Hạnh Hiếu Hoa Hùng Hương Khánh Lan Linh Long Mai Nam Nga ' +
  'Phong Phúc Quân Sơn Tâm Thảo Thắng Trang Tuấn Vân Yến'
).split(' ');

/** `count` ISO days from `first` on, computed once: element n is `first` + n days. */
function dayTable(first: string, count: number): string[] {
  const start = dayNumber(first);
  return Array.from({ length: count }, (_, offset) => isoDay(start + offset));
}

// Early retirees were born in 1962–1971, the others in 1966–1995.
const earlyBirthDays = dayTable('1962-01-01', 3650);
const birthDays = dayTable('1966-01-01', 10950);
// Effective dates: 2025-01-01 plus less than the agency's days in 2025 (at most 365).
const days2025 = dayTable('2025-01-01', 366);

/** A 28-bit number from 7 hex digits of a digest, from `start` (0-based). */
const draw = (digest: string, start: number) => Number.parseInt(digest.slice(start, start + 7), 16);

/**
 * Separation `g` (1-based) as COPY values in `separationColumns` order, over `eligible` in code
 * order (byte order, as `COLLATE "C"`). Its eight draws are 28-bit fields of the md5 digests of
 * `separation<g>` and `person<g>`, as the earlier SQL generator read them (each half of a digest
 * as a bigint `x`, then `x & 2^28-1` and `x >> 28 & 2^28-1`): the low 28 bits of 16 hex digits
 * are the last 7 digits, the next 28 bits the 7 before them. Same rows as that generator.
 */
export function separationRow(g: number, eligible: readonly EligibleAgency[]) {
  const agencyDigest = hash('md5', `separation${g}`);
  const personDigest = hash('md5', `person${g}`);
  const agency = eligible[draw(agencyDigest, 9) % eligible.length]!;
  const reasonDraw = draw(agencyDigest, 2) % 100;
  const h2 = draw(agencyDigest, 25);
  const h3 = draw(agencyDigest, 18);
  const h4 = draw(personDigest, 9);
  const h5 = draw(personDigest, 2);
  const h6 = draw(personDigest, 25);
  const h7 = draw(personDigest, 18);
  const reason =
    reasonDraw < 45
      ? 'EARLY_RETIREMENT'
      : reasonDraw < 75
        ? 'RESIGNATION'
        : reasonDraw < 92
          ? 'TERM_NOT_CONTINUED'
          : 'NOT_REAPPOINTED';
  const birthDate = reasonDraw < 45 ? earlyBirthDays[h4 % 3650]! : birthDays[h4 % 10950]!;
  const category =
    h2 % 100 < 3
      ? 'CONTRACT_LABOUR'
      : agency.kind === 'COMMUNE_PEOPLES_COMMITTEE'
        ? 'COMMUNE_CADRE'
        : agency.kind === 'PUBLIC_SERVICE_UNIT' ||
            (agency.kind === 'DISTRICT_PEOPLES_COMMITTEE' && h2 % 3 === 0)
          ? 'PUBLIC_EMPLOYEE'
          : 'CIVIL_SERVANT';
  const thousands =
    reason === 'EARLY_RETIREMENT'
      ? 400_000 + (h3 % 1_200_000)
      : reason === 'RESIGNATION'
        ? 150_000 + (h3 % 550_000)
        : 300_000 + (h3 % 900_000);
  const fullName = `${surnames[h5 % surnames.length]} ${middleNames[h6 % middleNames.length]} ${givenNames[h7 % givenNames.length]}`;
  const nationalId = `0${agency.provinceCode ?? '01'}${h6 % 2 === 0 ? '0' : '1'}${birthDate.slice(2, 4)}${String(h4 % 1_000_000).padStart(6, '0')}`;
  return [
    agency.code,
    agency.todayProvince,
    reason,
    category,
    days2025[h3 % agency.days]!,
    thousands * 1000,
    fullName,
    nationalId,
    birthDate,
    true,
  ] as const;
}

/** Separations 1 to `count`, in order, as COPY values. */
export function* separationRows(count: number, eligible: readonly EligibleAgency[]) {
  for (let g = 1; g <= count; g += 1) yield separationRow(g, eligible);
}
