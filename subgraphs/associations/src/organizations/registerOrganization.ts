import { foldForSearch, inputError, reformDate } from '@home-affairs/graphql';
import { and, eq } from 'drizzle-orm';
import { organizations, unitDirectory } from '../db/schema.ts';
import { agencyCode, licensingLevelOfScope, minimumFundAssets, prefixOfKind } from './licensing.ts';
import type { OrganizationKind, OrganizationScope } from './queries.ts';
import { recordChange, type Transaction, type WriteResult } from './recordChange.ts';
import {
  checkAmount,
  checkMayWrite,
  checkNotFuture,
  checkText,
  type Writer,
} from './writeChecks.ts';
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

/** Checks the rules of a registration that need no database; returns the trimmed number and name. */
function checkRegistration(writer: Writer, input: RegisterOrganizationInput) {
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
  if (input.registeredOn < reformDate) {
    throw inputError(
      `registeredOn must be on or after ${reformDate}: older licences are imported.`,
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
  return { registrationNumber, name };
}

/** Registers an organisation after checking every rule; returns its registration number. */
export async function registerOrganization(
  tx: Transaction,
  writer: Writer,
  input: RegisterOrganizationInput,
): Promise<WriteResult> {
  const { registrationNumber, name } = checkRegistration(writer, input);
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
  checkMayWrite(writer, record, input.provinceCode, 'input.seatCode');
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
