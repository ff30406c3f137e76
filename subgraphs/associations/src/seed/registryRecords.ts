import type { CopyValue } from '@home-affairs/bulk-load';
import { dayNumber, isoDay, reformDate } from '@home-affairs/graphql';
import * as schema from '../db/schema.ts';
import { type PlannedOrganization, yearOf } from './drawRegistry.ts';
import { familyNames, givenNames, middleNames } from './personNames.ts';

// The demo registry's rows, from the plan `drawRegistry` draws, in the order they are loaded (the
// order of the identity ids of each table), as COPY rows of the table's columns listed with them.

export type Row = CopyValue[];
type Plan = readonly PlannedOrganization[];

const date = (value: number | null) => (value === null ? null : isoDay(value));
const wide = (p: PlannedOrganization) => p.scope === 'NATIONWIDE' || p.scope === 'INTER_PROVINCIAL';
/** `substr(registration_number, 5)`: the number without its prefix. */
const numberOf = (p: PlannedOrganization) => p.registrationNumber.slice(4);
/** The agency of the province or commune named by the codes, or the ministry (`BNV`). */
const agency = (p: PlannedOrganization, provinceCode: string | null, communeCode: string) =>
  p.scope === 'PROVINCIAL'
    ? `UBND-${provinceCode}`
    : p.scope === 'COMMUNE'
      ? `UBND-${communeCode}`
      : 'BNV';
const currentCode = (p: PlannedOrganization) => p.seat.currentCode ?? p.seat.code;
const currentProvinceCode = (p: PlannedOrganization) =>
  p.seat.currentProvinceCode ?? p.seat.provinceCode;

export const organizationColumns = [
  schema.organizations.registrationNumber,
  schema.organizations.kind,
  schema.organizations.name,
  schema.organizations.abbreviation,
  schema.organizations.englishName,
  schema.organizations.searchKey,
  schema.organizations.scope,
  schema.organizations.licensingLevel,
  schema.organizations.licensingAgencyCode,
  schema.organizations.seatCode,
  schema.organizations.seatDistrictCode,
  schema.organizations.seatProvinceCode,
  schema.organizations.seatCurrentCode,
  schema.organizations.seatCurrentProvinceCode,
  schema.organizations.fieldOfActivity,
  schema.organizations.foundedOn,
  schema.organizations.registeredOn,
  schema.organizations.endedOn,
  schema.organizations.policyAdvisory,
  schema.organizations.specialCharacter,
  schema.organizations.memberCount,
  schema.organizations.foundingAssetsVnd,
  schema.organizations.synthetic,
];

const licensingLevels = {
  PROVINCIAL: 'PROVINCIAL_PEOPLES_COMMITTEE',
  COMMUNE: 'COMMUNE_PEOPLES_COMMITTEE',
  NATIONWIDE: 'MINISTRY',
  INTER_PROVINCIAL: 'MINISTRY',
} as const;

const memberBase = { NATIONWIDE: [2000, 98000], INTER_PROVINCIAL: [500, 20000] } as const;

/** Members of an association: by scope, from its third hash. */
function memberCount(p: PlannedOrganization) {
  if (p.kind !== 'ASSOCIATION') return null;
  const [base, spread] =
    p.scope === 'NATIONWIDE' || p.scope === 'INTER_PROVINCIAL'
      ? memberBase[p.scope]
      : p.scope === 'PROVINCIAL'
        ? [100, 5000]
        : [15, 300];
  return base + (p.h3 % spread);
}

/**
 * Decree 93/2019/ND-CP: at least 5 billion đồng for a nationwide or inter-provincial fund, 1
 * billion for a provincial one, 50 million for a commune one.
 */
function foundingAssets(p: PlannedOrganization) {
  if (p.kind === 'ASSOCIATION') return null;
  if (p.scope === 'PROVINCIAL') return 1_000_000_000 + (p.h3 % 40) * 50_000_000;
  if (p.scope === 'COMMUNE') return 50_000_000 + (p.h3 % 20) * 10_000_000;
  return 5_000_000_000 + (p.h3 % 50) * 100_000_000;
}

/** The organisations themselves. */
export function* organizationRows(plan: Plan): Generator<Row> {
  for (const p of plan) {
    const { template: t, seat } = p;
    yield [
      p.registrationNumber,
      p.kind,
      `${t.name} ${p.place}`,
      wide(p) ? `${t.abbreviation}VN` : null,
      p.scope === 'NATIONWIDE' ? `${t.englishName} of Vietnam` : null,
      `${t.search} ${p.placeSearch} ${p.registrationNumber.toLowerCase()}`,
      p.scope,
      licensingLevels[p.scope],
      agency(p, seat.provinceCode, seat.code),
      seat.code,
      p.era === 'OLD' ? seat.parentCode : null,
      seat.provinceCode,
      currentCode(p),
      currentProvinceCode(p),
      t.field,
      isoDay(p.registeredOn - (p.h2 % 365)),
      isoDay(p.registeredOn),
      date(p.endedOn),
      p.kind === 'ASSOCIATION' && wide(p) && p.h1 % 5 === 0,
      p.kind === 'ASSOCIATION' && (p.h1 % 97 === 0 || (p.scope === 'NATIONWIDE' && p.h1 % 7 === 0)),
      memberCount(p),
      foundingAssets(p),
      true,
    ];
  }
}

export const statusColumns = [
  schema.organizationStatuses.registrationNumber,
  schema.organizationStatuses.status,
  schema.organizationStatuses.validFrom,
  schema.organizationStatuses.validTo,
  schema.organizationStatuses.decisionNumber,
  schema.organizationStatuses.reason,
  schema.organizationStatuses.mergedInto,
  schema.organizationStatuses.synthetic,
];

/** Statuses: the suspensions, then the resumptions, then the ends (dissolved or merged). */
export function* statusRows(plan: Plan): Generator<Row> {
  for (const p of plan) {
    if (p.suspendedOn === null) continue;
    yield [
      p.registrationNumber,
      'SUSPENDED',
      isoDay(p.suspendedOn),
      date(p.resumedOn),
      `QĐ-ĐC-${numberOf(p)}`,
      'Operations suspended after an inspection',
      null,
      true,
    ];
  }
  for (const p of plan) {
    if (p.resumedOn === null) continue;
    const decision = `QĐ-HĐ-${numberOf(p)}`;
    yield [
      p.registrationNumber,
      'ACTIVE',
      isoDay(p.resumedOn),
      null,
      decision,
      'Operations resumed',
      null,
      true,
    ];
  }
  for (const p of plan) {
    if (p.endedOn === null) continue;
    const merged = p.mergedInto !== null;
    yield [
      p.registrationNumber,
      merged ? 'MERGED' : 'DISSOLVED',
      isoDay(p.endedOn),
      null,
      `QĐ-GT-${numberOf(p)}`,
      merged ? 'Merged' : 'Dissolved',
      p.mergedInto,
      true,
    ];
  }
}

export const leaderColumns = [
  schema.organizationLeaders.registrationNumber,
  schema.organizationLeaders.position,
  schema.organizationLeaders.fullName,
  schema.organizationLeaders.phone,
  schema.organizationLeaders.email,
  schema.organizationLeaders.termStart,
  schema.organizationLeaders.termEnd,
  schema.organizationLeaders.synthetic,
];

const from2020 = dayNumber('2020-01-01');

/** Leaders of the organisations licensed by the ministry or a province. */
export function* leaderRows(plan: Plan): Generator<Row> {
  for (const p of plan) {
    if (p.scope === 'COMMUNE') continue;
    yield [
      p.registrationNumber,
      p.kind === 'ASSOCIATION' ? 'PRESIDENT' : 'CHAIR_OF_MANAGEMENT_BOARD',
      `${familyNames[p.h1 % familyNames.length]} ${middleNames[p.h2 % middleNames.length]} ${givenNames[p.h3 % givenNames.length]}`,
      `09${String(p.h4 % 100_000_000).padStart(8, '0')}`,
      `leader.${p.registrationNumber.toLowerCase()}@example.org`,
      isoDay(Math.max(p.registeredOn, from2020 + (p.h1 % 1400))),
      date(p.endedOn),
      true,
    ];
  }
}

export const charterColumns = [
  schema.charters.registrationNumber,
  schema.charters.version,
  schema.charters.adoptedOn,
  schema.charters.approvedOn,
  schema.charters.decisionNumber,
  schema.charters.approvingAgencyCode,
  schema.charters.twoTierReview,
  schema.charters.synthetic,
];

const reform = dayNumber(reformDate);
const august2025 = dayNumber('2025-08-01');

/**
 * Charters of the organisations licensed by the ministry or a province: every first version, then
 * the revisions (about 40% of those in force on 1 July 2025 in an old unit).
 */
export function* charterRows(plan: Plan): Generator<Row> {
  for (const p of plan) {
    if (p.scope === 'COMMUNE') continue;
    // A charter in force on 1 July 2025 names old units and district bodies: it needs revising.
    const inForce = p.era === 'OLD' && (p.endedOn === null || p.endedOn >= reform);
    yield [
      p.registrationNumber,
      1,
      isoDay(p.registeredOn - (p.h1 % 30)),
      isoDay(p.registeredOn),
      `QĐ-ĐL-${numberOf(p)}/1`,
      agency(p, p.seat.provinceCode, p.seat.code),
      inForce ? 'REVISION_REQUIRED' : 'NOT_REQUIRED',
      true,
    ];
  }
  for (const p of plan) {
    const revised = p.scope !== 'COMMUNE' && p.era === 'OLD' && p.endedOn === null;
    if (!revised || Math.floor(p.h4 / 7) % 100 >= 40) continue;
    const approved = august2025 + (p.h3 % 450);
    yield [
      p.registrationNumber,
      2,
      isoDay(approved - 20),
      isoDay(approved),
      `QĐ-ĐL-${numberOf(p)}/2`,
      agency(p, currentProvinceCode(p), currentCode(p)),
      'REVISED',
      true,
    ];
  }
}

export const financialReportColumns = [
  schema.financialReports.registrationNumber,
  schema.financialReports.year,
  schema.financialReports.filedOn,
  schema.financialReports.incomeVnd,
  schema.financialReports.expensesVnd,
  schema.financialReports.domesticSponsorshipVnd,
  schema.financialReports.foreignAidVnd,
  schema.financialReports.synthetic,
];

const incomeBase = { NATIONWIDE: 2000, INTER_PROVINCIAL: 800, PROVINCIAL: 200, COMMUNE: 20 };

/**
 * Financial reports for 2024, then for 2025: of funds, wide associations and one in ten others,
 * registered before the year and not ended before the report was due.
 */
export function* financialReportRows(plan: Plan): Generator<Row> {
  for (const year of [2024, 2025]) {
    const due = dayNumber(`${year + 1}-05-01`);
    const march = dayNumber(`${year + 1}-03-01`);
    for (const p of plan) {
      const reports = p.kind !== 'ASSOCIATION' || wide(p) || p.h1 % 10 === 0;
      if (!reports || yearOf(p.registeredOn) >= year || (p.endedOn !== null && p.endedOn <= due)) {
        continue;
      }
      // Whole millions of đồng, so every share below is a whole number.
      const income = incomeBase[p.scope] * (10 + ((p.h1 + year * 7919) % 90)) * 1_000_000;
      yield [
        p.registrationNumber,
        year,
        isoDay(march + ((p.h1 + year) % 60)),
        income,
        (income * (70 + ((p.h2 + year) % 35))) / 100,
        (income * ((p.h3 + year) % 50)) / 100,
        (p.h4 + year) % 20 === 0 ? (income * ((p.h1 + year) % 30)) / 100 : 0,
        true,
      ];
    }
  }
}

export const affiliatedEntityColumns = [
  schema.affiliatedEntities.registrationNumber,
  schema.affiliatedEntities.kind,
  schema.affiliatedEntities.name,
  schema.affiliatedEntities.establishedOn,
  schema.affiliatedEntities.compliant,
  schema.affiliatedEntities.synthetic,
];

/** Press agencies of a third of the wide organisations, legal entities of 2% of provincial ones. */
export function* affiliatedEntityRows(plan: Plan): Generator<Row> {
  for (const p of plan) {
    const press = wide(p);
    if (!(press ? p.h2 % 3 === 0 : p.scope === 'PROVINCIAL' && p.h2 % 50 === 0)) continue;
    const owner = `${p.template.name} ${p.place}`;
    yield [
      p.registrationNumber,
      press ? 'PRESS_AGENCY' : 'LEGAL_ENTITY',
      press ? `Tạp chí ${owner}` : `Trung tâm Tư vấn thuộc ${owner}`,
      isoDay(p.registeredOn + 200 + (p.h3 % 1500)),
      p.h3 % 5 !== 0,
      true,
    ];
  }
}

export const inspectionColumns = [
  schema.inspections.registrationNumber,
  schema.inspections.inspectedOn,
  schema.inspections.inspectingAgencyCode,
  schema.inspections.findings,
  schema.inspections.sanction,
  schema.inspections.fineVnd,
  schema.inspections.synthetic,
];

const findings = [
  'Annual financial report filed late',
  'Sponsorship received without disclosure',
  'Foreign aid received without approval',
  'Affiliated entity set up without a permit',
  'Charter not revised for the two-tier local government',
];
const from2023 = dayNumber('2023-01-01');
const lastInspection = dayNumber('2026-11-01');

/** Inspections of one organisation in 50, while it existed and until 1 November 2026. */
export function* inspectionRows(plan: Plan): Generator<Row> {
  for (const p of plan) {
    if (p.h4 % 50 !== 0) continue;
    const inspectedOn = Math.max(p.registeredOn + 30, from2023 + (p.h1 % 1300));
    if ((p.endedOn !== null && inspectedOn >= p.endedOn) || inspectedOn > lastInspection) continue;
    const outcome = p.h2 % 10;
    const province = inspectedOn < reform ? p.seat.provinceCode : currentProvinceCode(p);
    yield [
      p.registrationNumber,
      isoDay(inspectedOn),
      wide(p) ? 'BNV' : `SNV-${province}`,
      outcome < 5 ? 'No violation found' : findings[p.h3 % 5]!,
      outcome < 5 ? 'NONE' : outcome < 7 ? 'WARNING' : outcome < 9 ? 'FINE' : 'SUSPENSION',
      outcome === 7 || outcome === 8 ? (5 + (p.h3 % 45)) * 1_000_000 : null,
      true,
    ];
  }
}
