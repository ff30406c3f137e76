import { inputError } from '@home-affairs/graphql';
import { requireProvince } from '@home-affairs/identity';
import { entityTag, invalidateCache } from '@home-affairs/service';
import type { PersonnelTransaction } from '../common/personnelDatabase.ts';
import type { PersonnelContext } from '../context.ts';
import type { AgencyRow } from '../db/schema.ts';
import { type Change, idempotent } from '../history/idempotent.ts';
import { findAgencies, lockAgencies } from './queries.ts';

/** What every write to one agency carries besides its own fields. */
export interface AgencyWriteInput {
  idempotencyKey: string;
  agencyCode: string;
  /** Province of the agency; required from a province-restricted writer. */
  provinceCode?: string | null;
}

/** Which agencies besides `input.agencyCode` a write locks (see writeToAgency). */
export interface AgencyWriteScope {
  /**
   * Lock the agency's parent too: the write changes a figure its parent's rules sum over (a
   * child's quota counts against what the parent left).
   * @default false
   */
  withParent?: boolean;
  /** Other agencies the input names, by input field (`input.successorCode`); null ones are left out. */
  references?: { field: string; code: string | null | undefined }[];
}

/** The agencies a write holds locked, by code. */
export type LockedAgencies = ReadonlyMap<string, AgencyRow>;

/**
 * Runs one write to the agency `input.agencyCode` once per idempotency key (see idempotent), in
 * one place for every personnel write:
 * - locks the agency, its parent when `scope.withParent`, and the agencies the input refers to,
 *   all in one statement in code order (lockAgencies): writes whose rules read the same rows take
 *   turns, and never wait for each other in a cycle;
 * - refuses an unknown agency or reference with NOT_FOUND naming its input field;
 * - checks the input's `provinceCode` against the agency, and the writer's province against the
 *   agency (FORBIDDEN) and every agency referred to (FORBIDDEN naming the field): a
 *   province-restricted writer neither touches nor points at another province (nor a central
 *   agency, which has none);
 * then hands the locked rows to `write`, and names for the gateway's response cache what the write
 * may change: every locked agency and the units and provinces they serve (a unit's staffing is its
 * people's committee's, and a parent's figures sum over its children). A retry answered from the
 * idempotency record names nothing, which drops everything this subgraph contributed to.
 */
export function writeToAgency<TResult extends Record<string, unknown>>(
  context: PersonnelContext,
  operation: string,
  input: AgencyWriteInput,
  write: (
    tx: PersonnelTransaction,
    agency: AgencyRow,
    locked: LockedAgencies,
  ) => Promise<{ result: TResult; changes: Change[] }>,
  scope: AgencyWriteScope = {},
): Promise<TResult> {
  const { identity } = context;
  return idempotent(context.db, identity, operation, { ...input }, async (tx) => {
    const [unlocked] = await findAgencies(tx, [input.agencyCode]);
    if (!unlocked) {
      throw inputError(`No agency has the code ${input.agencyCode}.`, {
        field: 'input.agencyCode',
        code: 'NOT_FOUND',
      });
    }
    const references = (scope.references ?? []).flatMap(({ field, code }) =>
      code ? [{ field, code }] : [],
    );
    const parentCode = scope.withParent ? unlocked.parentCode : null;
    const locked = await lockAgencies(tx, [
      unlocked.code,
      ...(parentCode ? [parentCode] : []),
      ...references.map((reference) => reference.code),
    ]);
    const agency = locked.get(unlocked.code)!;
    if (scope.withParent && agency.parentCode !== parentCode) {
      // No write changes a parent today; if one ever does, this write locked the wrong parent.
      throw inputError(`Agency ${agency.code} moved to another parent meanwhile: retry.`, {
        field: 'input.agencyCode',
        code: 'CONFLICT',
      });
    }
    if (input.provinceCode != null && input.provinceCode !== agency.provinceCode) {
      throw inputError(
        `Agency ${agency.code} is not an agency of province ${input.provinceCode}.`,
        {
          field: 'input.provinceCode',
          code: 'RULE_VIOLATION',
        },
      );
    }
    requireProvince(identity, agency.provinceCode);
    for (const { field, code } of references) {
      const referenced = locked.get(code);
      if (!referenced) {
        throw inputError(`No agency has the code ${code}.`, { field, code: 'NOT_FOUND' });
      }
      requireProvince(identity, referenced.provinceCode, { access: 'refer', field });
    }
    const written = await write(tx, agency, locked);
    invalidateCache(
      context,
      ...[...locked.values()].flatMap((row) => [
        entityTag('Agency', row.code),
        ...[row.unitCode, row.provinceCode]
          .filter((code): code is string => typeof code === 'string')
          .map((code) => entityTag('AdministrativeUnit', code)),
      ]),
    );
    return written;
  });
}
