import { foldForSearch, inputError } from '@home-affairs/graphql';
import { forbiddenError, type Identity, requireProvince } from '@home-affairs/identity';
import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import {
  charters,
  financialReports,
  organizationStatuses,
  organizations,
  unitDirectory,
} from '../db/schema.ts';
import { reformDay } from '../directory/fetchUnitDirectories.ts';
import type {
  OrganizationKind,
  OrganizationScope,
  OrganizationStatus,
} from '../organizations/queries.ts';
import { recordChange, type Transaction, type WriteResult } from './recordChange.ts';

/** The licensing level each scope requires (Decree 126/2024/ND-CP on associations). */
const licensingLevelOfScope = {
  NATIONWIDE: 'MINISTRY',
  INTER_PROVINCIAL: 'MINISTRY',
  PROVINCIAL: 'PROVINCIAL_PEOPLES_COMMITTEE',
  COMMUNE: 'COMMUNE_PEOPLES_COMMITTEE',
} as const;

/**
 * Least founding assets of a fund by scope, in đồng (Decree 93/2019/ND-CP, Article 15): 5
 * billion nationwide or inter-provincial, 1 billion provincial, 50 million commune.
 */
const minimumFundAssets: Record<OrganizationScope, number> = {
  NATIONWIDE: 5_000_000_000,
  INTER_PROVINCIAL: 5_000_000_000,
  PROVINCIAL: 1_000_000_000,
  COMMUNE: 50_000_000,
};

const prefixOfKind: Record<OrganizationKind, string> = {
  ASSOCIATION: 'HOI',
  SOCIAL_FUND: 'QXH',
  CHARITY_FUND: 'QTT',
};

/**
 * The agency that licenses at `level` for a seat: the ministry, or the people's committee of the
 * seat's province or commune.
 */
function agencyCode(level: string, provinceCode: string, communeCode: string): string {
  if (level === 'MINISTRY') return 'BNV';
  return `UBND-${level === 'PROVINCIAL_PEOPLES_COMMITTEE' ? provinceCode : communeCode}`;
}

/** Who writes, and the day it is in Vietnam. */
export interface Writer {
  identity: Identity;
  today: string;
}

/** `registerOrganization` input. */
export interface RegisterOrganizationInput {
  idempotencyKey: string;
  registrationNumber: string;
  kind: OrganizationKind;
  name: string;
  abbreviation?: string | null;
  englishName?: string | null;
  scope: OrganizationScope;
  licensingLevel: string;
  seatCode: string;
  provinceCode: string;
  fieldOfActivity: string;
  foundedOn: string;
  registeredOn: string;
  policyAdvisory?: boolean | null;
  specialCharacter?: boolean | null;
  memberCount?: number | null;
  foundingAssetsVnd?: number | null;
}

function checkText(value: string, field: string, maximum = 300): string {
  const text = value.trim();
  if (text === '' || text.length > maximum) {
    throw inputError(`${field.split('.').at(-1)} must have 1 to ${maximum} characters.`, { field });
  }
  return text;
}

function checkNotFuture(day: string, writer: Writer, field: string) {
  if (day > writer.today) {
    throw inputError(`${field.split('.').at(-1)} must not be in the future.`, {
      field,
      code: 'RULE_VIOLATION',
    });
  }
}

function checkAmount(value: number, field: string) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw inputError(`${field.split('.').at(-1)} must be a whole, non-negative number of đồng.`, {
      field,
    });
  }
}

/**
 * Refuses a province-restricted writer an organisation it may not write, or refer to from a
 * write when `field` names the input field that refers to it (FORBIDDEN): one of another
 * province (by its seat today), or one the ministry licenses, which only the ministry writes.
 */
function checkWriterMayTouch(
  writer: Writer,
  record: { licensingLevel: string; seatCurrentProvinceCode: string },
  field?: string,
) {
  if (writer.identity.province !== undefined && record.licensingLevel === 'MINISTRY') {
    throw forbiddenError(
      field
        ? `Organisations licensed by the ministry are written by the ministry (${field}).`
        : 'Organisations licensed by the ministry are written by the ministry.',
      { field },
    );
  }
  requireProvince(
    writer.identity,
    record.seatCurrentProvinceCode,
    field ? { access: 'refer', field } : {},
  );
}

/** Refuses an input `provinceCode` that is not the province of the organisation's seat today. */
function checkInputProvince(record: { seatCurrentProvinceCode: string }, provinceCode: string) {
  if (provinceCode !== record.seatCurrentProvinceCode) {
    throw inputError('provinceCode is not the province of the organisation’s seat today.', {
      field: 'input.provinceCode',
      code: 'RULE_VIOLATION',
    });
  }
}

/**
 * Reads and locks organisations (FOR UPDATE) in registration-number order, in one statement:
 * every write locks the organisations it reads rules from through here, so two writes on the
 * same organisations take turns and never wait for each other in a cycle (a merge of A into B
 * and one of B into A lock A, then B, both). Refuses an unknown one with NOT_FOUND naming the
 * input field it came from.
 */
async function lockForWrite(
  tx: Transaction,
  wanted: { registrationNumber: string; field: string }[],
) {
  const rows = await tx
    .select()
    .from(organizations)
    .where(
      inArray(
        organizations.registrationNumber,
        wanted.map((item) => item.registrationNumber),
      ),
    )
    .orderBy(asc(organizations.registrationNumber))
    .for('update');
  return wanted.map(({ registrationNumber, field }) => {
    const row = rows.find((candidate) => candidate.registrationNumber === registrationNumber);
    if (!row) {
      throw inputError(`No organisation has the registration number given as ${field}.`, {
        field,
        code: 'NOT_FOUND',
      });
    }
    return row;
  });
}

/** Locks the organisation `input.registrationNumber` and checks the writer may write it. */
async function loadForWrite(
  tx: Transaction,
  writer: Writer,
  input: { registrationNumber: string; provinceCode: string },
) {
  const [row] = await lockForWrite(tx, [
    { registrationNumber: input.registrationNumber.trim(), field: 'input.registrationNumber' },
  ]);
  checkWriterMayTouch(writer, row!);
  checkInputProvince(row!, input.provinceCode);
  return row!;
}

async function latestStatusChange(tx: Transaction, registrationNumber: string) {
  const [latest] = await tx
    .select()
    .from(organizationStatuses)
    .where(eq(organizationStatuses.registrationNumber, registrationNumber))
    .orderBy(desc(organizationStatuses.validFrom), desc(organizationStatuses.id))
    .limit(1);
  return latest;
}

/** Whether an organisation with this status on a day existed that day. */
function inExistence(status: OrganizationStatus | null): boolean {
  return status === 'ACTIVE' || status === 'SUSPENDED';
}

async function statusOnDay(
  tx: Transaction,
  organization: { registrationNumber: string; registeredOn: string },
  day: string,
): Promise<OrganizationStatus | null> {
  if (day < organization.registeredOn) return null;
  const [change] = await tx
    .select({ status: organizationStatuses.status })
    .from(organizationStatuses)
    .where(
      and(
        eq(organizationStatuses.registrationNumber, organization.registrationNumber),
        sql`${organizationStatuses.validFrom} <= ${day}`,
      ),
    )
    .orderBy(desc(organizationStatuses.validFrom), desc(organizationStatuses.id))
    .limit(1);
  return change?.status ?? 'ACTIVE';
}

/** Registers an organisation after checking every rule; returns its registration number. */
export async function registerOrganization(
  tx: Transaction,
  writer: Writer,
  input: RegisterOrganizationInput,
): Promise<WriteResult> {
  const registrationNumber = input.registrationNumber.trim();
  if (!/^(HOI|QXH|QTT)-\d{6}$/.test(registrationNumber)) {
    throw inputError('registrationNumber must be HOI-, QXH- or QTT- and six digits.', {
      field: 'input.registrationNumber',
    });
  }
  if (!registrationNumber.startsWith(`${prefixOfKind[input.kind]}-`)) {
    throw inputError(
      `A ${input.kind} registration number starts with ${prefixOfKind[input.kind]}-.`,
      {
        field: 'input.registrationNumber',
        code: 'RULE_VIOLATION',
      },
    );
  }
  const name = checkText(input.name, 'input.name');
  if (licensingLevelOfScope[input.scope] !== input.licensingLevel) {
    throw inputError(
      `An organisation of scope ${input.scope} is licensed at level ${licensingLevelOfScope[input.scope]}.`,
      { field: 'input.licensingLevel', code: 'RULE_VIOLATION' },
    );
  }
  if (input.foundedOn > input.registeredOn) {
    throw inputError('foundedOn must not be after registeredOn.', {
      field: 'input.foundedOn',
      code: 'RULE_VIOLATION',
    });
  }
  checkNotFuture(input.registeredOn, writer, 'input.registeredOn');
  if (input.registeredOn < reformDay) {
    throw inputError(
      `registeredOn must be on or after ${reformDay}: older licences are imported.`,
      {
        field: 'input.registeredOn',
        code: 'RULE_VIOLATION',
      },
    );
  }
  const isAssociation = input.kind === 'ASSOCIATION';
  if (input.memberCount != null && (!isAssociation || input.memberCount < 0)) {
    throw inputError('memberCount is a non-negative number, for associations only.', {
      field: 'input.memberCount',
      code: isAssociation ? 'BAD_USER_INPUT' : 'RULE_VIOLATION',
    });
  }
  if (input.specialCharacter && !isAssociation) {
    throw inputError('Only an association can have a special character.', {
      field: 'input.specialCharacter',
      code: 'RULE_VIOLATION',
    });
  }
  if (isAssociation && input.foundingAssetsVnd != null) {
    throw inputError('foundingAssetsVnd is for funds only.', {
      field: 'input.foundingAssetsVnd',
      code: 'RULE_VIOLATION',
    });
  }
  if (!isAssociation) {
    if (input.foundingAssetsVnd == null) {
      throw inputError('A fund needs its foundingAssetsVnd.', { field: 'input.foundingAssetsVnd' });
    }
    checkAmount(input.foundingAssetsVnd, 'input.foundingAssetsVnd');
    if (input.foundingAssetsVnd < minimumFundAssets[input.scope]) {
      throw inputError(
        `A ${input.scope} fund needs founding assets of at least ${minimumFundAssets[input.scope]} đồng.`,
        { field: 'input.foundingAssetsVnd', code: 'RULE_VIOLATION' },
      );
    }
  }
  const [seat] = await tx
    .select()
    .from(unitDirectory)
    .where(
      and(
        eq(unitDirectory.snapshot, 'CURRENT'),
        eq(unitDirectory.code, input.seatCode),
        eq(unitDirectory.level, 'COMMUNE'),
      ),
    );
  if (!seat) {
    throw inputError('seatCode is not a commune-level unit in force today.', {
      field: 'input.seatCode',
      code: 'NOT_FOUND',
    });
  }
  const licensingLevel = licensingLevelOfScope[input.scope];
  const record = { licensingLevel, seatCurrentProvinceCode: seat.provinceCode };
  checkWriterMayTouch(writer, record, 'input.seatCode');
  checkInputProvince(record, input.provinceCode);
  const row = {
    registrationNumber,
    kind: input.kind,
    name,
    abbreviation: input.abbreviation?.trim() || null,
    englishName: input.englishName?.trim() || null,
    searchKey: `${foldForSearch(name)} ${registrationNumber.toLowerCase()}`,
    scope: input.scope,
    licensingLevel,
    licensingAgencyCode: agencyCode(licensingLevel, seat.provinceCode, seat.code),
    seatCode: seat.code,
    seatDistrictCode: null,
    seatProvinceCode: seat.provinceCode,
    seatCurrentCode: seat.code,
    seatCurrentProvinceCode: seat.provinceCode,
    fieldOfActivity: input.fieldOfActivity as typeof organizations.$inferInsert.fieldOfActivity,
    foundedOn: input.foundedOn,
    registeredOn: input.registeredOn,
    policyAdvisory: input.policyAdvisory ?? false,
    specialCharacter: input.specialCharacter ?? false,
    memberCount: input.memberCount ?? null,
    foundingAssetsVnd: input.foundingAssetsVnd ?? null,
    synthetic: false,
  };
  // A concurrent registration of the same number makes this insert wait for it: when it commits,
  // nothing is inserted and the number is taken.
  const inserted = await tx
    .insert(organizations)
    .values(row)
    .onConflictDoNothing()
    .returning({ registrationNumber: organizations.registrationNumber });
  if (inserted.length === 0) {
    throw inputError('This registration number is taken.', {
      field: 'input.registrationNumber',
      code: 'CONFLICT',
    });
  }
  await recordChange(tx, writer.identity, {
    operation: 'registerOrganization',
    entity: 'organization',
    entityKey: registrationNumber,
    before: null,
    after: row,
  });
  return { registrationNumber };
}

/** `approveCharter` input. */
export interface ApproveCharterInput {
  idempotencyKey: string;
  registrationNumber: string;
  provinceCode: string;
  adoptedOn: string;
  approvedOn: string;
  decisionNumber: string;
  revisedForTwoTierModel?: boolean | null;
}

/** Approves a new charter version; returns its id. */
export async function approveCharter(
  tx: Transaction,
  writer: Writer,
  input: ApproveCharterInput,
): Promise<WriteResult> {
  const organization = await loadForWrite(tx, writer, input);
  const decisionNumber = checkText(input.decisionNumber, 'input.decisionNumber', 100);
  if (input.adoptedOn > input.approvedOn) {
    throw inputError('adoptedOn must not be after approvedOn.', {
      field: 'input.adoptedOn',
      code: 'RULE_VIOLATION',
    });
  }
  checkNotFuture(input.approvedOn, writer, 'input.approvedOn');
  const status = await statusOnDay(tx, organization, input.approvedOn);
  if (!inExistence(status)) {
    throw inputError(
      `The organisation did not exist on approvedOn (${status ?? 'not registered yet'}).`,
      {
        field: 'input.approvedOn',
        code: 'RULE_VIOLATION',
      },
    );
  }
  if (input.revisedForTwoTierModel && input.approvedOn < reformDay) {
    throw inputError(`A revision for the two-tier model is approved on or after ${reformDay}.`, {
      field: 'input.revisedForTwoTierModel',
      code: 'RULE_VIOLATION',
    });
  }
  const [latest] = await tx
    .select()
    .from(charters)
    .where(eq(charters.registrationNumber, organization.registrationNumber))
    .orderBy(desc(charters.version))
    .limit(1);
  if (latest && input.approvedOn < latest.approvedOn) {
    throw inputError(
      `approvedOn must not be before the current charter's (${latest.approvedOn}).`,
      {
        field: 'input.approvedOn',
        code: 'RULE_VIOLATION',
      },
    );
  }
  const row = {
    registrationNumber: organization.registrationNumber,
    version: (latest?.version ?? 0) + 1,
    adoptedOn: input.adoptedOn,
    approvedOn: input.approvedOn,
    decisionNumber,
    approvingAgencyCode: agencyCode(
      organization.licensingLevel,
      organization.seatCurrentProvinceCode,
      organization.seatCurrentCode,
    ),
    twoTierReview: input.revisedForTwoTierModel
      ? ('REVISED' as const)
      : input.approvedOn >= reformDay
        ? ('NOT_REQUIRED' as const)
        : ('REVISION_REQUIRED' as const),
    synthetic: false,
  };
  const [inserted] = await tx.insert(charters).values(row).returning({ id: charters.id });
  await recordChange(tx, writer.identity, {
    operation: 'approveCharter',
    entity: 'charter',
    entityKey: `${row.registrationNumber}/${row.version}`,
    before: null,
    after: row,
  });
  return { registrationNumber: organization.registrationNumber, charterId: inserted!.id };
}

/** `fileFinancialReport` input. */
export interface FileFinancialReportInput {
  idempotencyKey: string;
  registrationNumber: string;
  provinceCode: string;
  year: number;
  filedOn: string;
  incomeVnd: number;
  expensesVnd: number;
  domesticSponsorshipVnd: number;
  foreignAidVnd: number;
}

/** Files an annual financial report; returns its id. */
export async function fileFinancialReport(
  tx: Transaction,
  writer: Writer,
  input: FileFinancialReportInput,
): Promise<WriteResult> {
  const organization = await loadForWrite(tx, writer, input);
  checkNotFuture(input.filedOn, writer, 'input.filedOn');
  const filedYear = Number(input.filedOn.slice(0, 4));
  const registeredYear = Number(organization.registeredOn.slice(0, 4));
  if (input.year < registeredYear || input.year >= filedYear) {
    throw inputError('year must be from the year of registration to the year before filedOn.', {
      field: 'input.year',
      code: 'RULE_VIOLATION',
    });
  }
  for (const field of [
    'incomeVnd',
    'expensesVnd',
    'domesticSponsorshipVnd',
    'foreignAidVnd',
  ] as const) {
    checkAmount(input[field], `input.${field}`);
  }
  if (input.domesticSponsorshipVnd + input.foreignAidVnd > input.incomeVnd) {
    throw inputError(
      'Domestic sponsorship and foreign aid are part of the income: their sum exceeds it.',
      {
        field: 'input.domesticSponsorshipVnd',
        code: 'RULE_VIOLATION',
      },
    );
  }
  const status = await statusOnDay(tx, organization, input.filedOn);
  if (!inExistence(status)) {
    throw inputError(
      `A ${status?.toLowerCase() ?? 'unregistered'} organisation cannot file reports.`,
      {
        field: 'input.registrationNumber',
        code: 'RULE_VIOLATION',
      },
    );
  }
  const [existing] = await tx
    .select({ id: financialReports.id })
    .from(financialReports)
    .where(
      and(
        eq(financialReports.registrationNumber, organization.registrationNumber),
        eq(financialReports.year, input.year),
      ),
    );
  if (existing) {
    throw inputError('A report for this year is already filed.', {
      field: 'input.year',
      code: 'CONFLICT',
    });
  }
  const row = {
    registrationNumber: organization.registrationNumber,
    year: input.year,
    filedOn: input.filedOn,
    incomeVnd: input.incomeVnd,
    expensesVnd: input.expensesVnd,
    domesticSponsorshipVnd: input.domesticSponsorshipVnd,
    foreignAidVnd: input.foreignAidVnd,
    synthetic: false,
  };
  const [inserted] = await tx
    .insert(financialReports)
    .values(row)
    .returning({ id: financialReports.id });
  await recordChange(tx, writer.identity, {
    operation: 'fileFinancialReport',
    entity: 'financialReport',
    entityKey: `${row.registrationNumber}/${row.year}`,
    before: null,
    after: row,
  });
  return { registrationNumber: organization.registrationNumber, financialReportId: inserted!.id };
}

/** `changeOrganizationStatus` input. */
export interface ChangeOrganizationStatusInput {
  idempotencyKey: string;
  registrationNumber: string;
  provinceCode: string;
  status: OrganizationStatus;
  effectiveOn: string;
  decisionNumber: string;
  reason?: string | null;
  mergedInto?: string | null;
}

/**
 * Changes an organisation's status from a day on. The organisation and the one it merges into
 * are locked together (lockForWrite), so that the merger's partner cannot end meanwhile; an
 * organisation may not end on or before a day another one merged into it (a successor outlives
 * what it took over, so mergers never loop).
 */
export async function changeOrganizationStatus(
  tx: Transaction,
  writer: Writer,
  input: ChangeOrganizationStatusInput,
): Promise<WriteResult> {
  const registrationNumber = input.registrationNumber.trim();
  let mergedInto: string | null = null;
  if (input.status === 'MERGED') {
    if (!input.mergedInto) {
      throw inputError('A merger names the organisation merged into.', {
        field: 'input.mergedInto',
      });
    }
    mergedInto = input.mergedInto.trim();
    if (mergedInto === registrationNumber) {
      throw inputError('An organisation cannot merge into itself.', {
        field: 'input.mergedInto',
        code: 'RULE_VIOLATION',
      });
    }
  } else if (input.mergedInto != null) {
    throw inputError('mergedInto goes with the status MERGED only.', { field: 'input.mergedInto' });
  }
  const [organization, partner] = await lockForWrite(tx, [
    { registrationNumber, field: 'input.registrationNumber' },
    ...(mergedInto ? [{ registrationNumber: mergedInto, field: 'input.mergedInto' }] : []),
  ]);
  checkWriterMayTouch(writer, organization!);
  checkInputProvince(organization!, input.provinceCode);
  if (partner) checkWriterMayTouch(writer, partner, 'input.mergedInto');
  const decisionNumber = checkText(input.decisionNumber, 'input.decisionNumber', 100);
  const latest = await latestStatusChange(tx, registrationNumber);
  const current = latest?.status ?? 'ACTIVE';
  if (current === 'DISSOLVED' || current === 'MERGED') {
    throw inputError(`The organisation is ${current.toLowerCase()}: its status is final.`, {
      field: 'input.status',
      code: 'RULE_VIOLATION',
    });
  }
  if (input.status === current) {
    throw inputError(`The organisation is already ${current.toLowerCase()}.`, {
      field: 'input.status',
      code: 'RULE_VIOLATION',
    });
  }
  const since = latest?.validFrom ?? organization!.registeredOn;
  if (input.effectiveOn <= since) {
    throw inputError(`effectiveOn must be after the current status began (${since}).`, {
      field: 'input.effectiveOn',
      code: 'RULE_VIOLATION',
    });
  }
  checkNotFuture(input.effectiveOn, writer, 'input.effectiveOn');
  if (partner) {
    const partnerStatus = await statusOnDay(tx, partner, input.effectiveOn);
    if (partner.kind !== organization!.kind || !inExistence(partnerStatus)) {
      throw inputError(
        'mergedInto must be an organisation of the same kind in existence on effectiveOn.',
        {
          field: 'input.mergedInto',
          code: 'RULE_VIOLATION',
        },
      );
    }
  }
  const ends = input.status === 'DISSOLVED' || input.status === 'MERGED';
  if (ends) {
    const [predecessor] = await tx
      .select({ validFrom: organizationStatuses.validFrom })
      .from(organizationStatuses)
      .where(
        and(
          eq(organizationStatuses.mergedInto, registrationNumber),
          eq(organizationStatuses.status, 'MERGED'),
          gte(organizationStatuses.validFrom, input.effectiveOn),
        ),
      )
      .orderBy(desc(organizationStatuses.validFrom))
      .limit(1);
    if (predecessor) {
      throw inputError(
        `Another organisation merged into this one on ${predecessor.validFrom}: it cannot end before that.`,
        { field: 'input.effectiveOn', code: 'RULE_VIOLATION' },
      );
    }
  }
  if (latest) {
    await tx
      .update(organizationStatuses)
      .set({ validTo: input.effectiveOn })
      .where(eq(organizationStatuses.id, latest.id));
  }
  const row = {
    registrationNumber,
    status: input.status,
    validFrom: input.effectiveOn,
    validTo: null,
    decisionNumber,
    reason: input.reason?.trim() || null,
    mergedInto,
    synthetic: false,
  };
  await tx.insert(organizationStatuses).values(row);
  if (ends) {
    await tx
      .update(organizations)
      .set({ endedOn: input.effectiveOn })
      .where(eq(organizations.registrationNumber, registrationNumber));
  }
  await recordChange(tx, writer.identity, {
    operation: 'changeOrganizationStatus',
    entity: 'organization',
    entityKey: registrationNumber,
    before: { status: current, since, endedOn: organization!.endedOn },
    after: { ...row, endedOn: ends ? input.effectiveOn : organization!.endedOn },
  });
  return { registrationNumber };
}
