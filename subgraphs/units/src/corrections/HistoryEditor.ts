import { dayBefore } from '@home-affairs/graphql';
import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import {
  type AdministrativeUnitRow,
  administrativeUnits,
  type UnitTransitionRow,
  unitTransitions,
} from '../db/schema.ts';
import { canonicalTypeWord } from '../import/parseUnitName.ts';
import { unitSearchKey } from '../import/unitSearchKey.ts';
import { levelRank, type UnitLevel, type UnitsDatabase, type UnitType } from '../units/queries.ts';
import { isInForce, isInForceFrom } from '../units/unitNode.ts';
import { correctionError } from './correctionError.ts';

/** One version as a correction's changes show it; `previous` holds what an amendment replaced. */
export interface VersionChange {
  code: string;
  level: UnitLevel;
  type: UnitType;
  fullName: string;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  previous?: { type?: UnitType; fullName?: string; validTo?: string | null };
}

/** One lineage link as a correction's changes show it; `previous` holds what an amendment replaced. */
export interface LinkChange {
  predecessorCode: string;
  successorCode: string;
  effectiveDate: string;
  share: 'WHOLE' | 'PART';
  resolution: string | null;
  previous?: { share: 'WHOLE' | 'PART'; resolution: string | null };
}

/** Everything one correction wrote (or, on a dry run, would write), as stored in its history row. */
export interface HistoryChanges {
  versionsClosed: VersionChange[];
  versionsOpened: VersionChange[];
  versionsAmended: VersionChange[];
  linksAdded: LinkChange[];
  linksAmended: LinkChange[];
  /** Codes whose agency records move to other units: those that cease, or give up territory. */
  reattributedFrom: string[];
}

/** A version as a correction's changes show it, with what an amendment replaced. */
export function versionChange(
  row: AdministrativeUnitRow,
  previous?: VersionChange['previous'],
): VersionChange {
  return {
    code: row.code,
    level: row.level,
    type: row.type,
    fullName: row.fullName,
    parentCode: row.parentCode,
    validFrom: row.validFrom,
    validTo: row.validTo,
    ...(previous ? { previous } : {}),
  };
}

/**
 * Edits the history of units inside one transaction, anywhere in time: splits a version at a day
 * so that a change can start there, amends, closes and opens versions, adds and amends lineage
 * links, and records every step in `changes`. The versions around the day keep their other
 * fields, so `asOf` answers before the day are unchanged and those from it show the change.
 * Callers hold the history lock (`lockUnitHistory`) for the whole transaction.
 */
export class HistoryEditor {
  readonly changes: HistoryChanges = {
    versionsClosed: [],
    versionsOpened: [],
    versionsAmended: [],
    linksAdded: [],
    linksAmended: [],
    reattributedFrom: [],
  };

  constructor(
    private readonly tx: UnitsDatabase,
    /** Written to `source` of every version and link this editor creates. */
    private readonly source: string,
    /** Written to `resolution` of every link this editor creates or amends. */
    private readonly resolution: string,
  ) {}

  /** Every version of `code`, oldest first. */
  async versions(code: string): Promise<AdministrativeUnitRow[]> {
    return this.tx
      .select()
      .from(administrativeUnits)
      .where(eq(administrativeUnits.code, code))
      .orderBy(sql`${administrativeUnits.validFrom} ASC NULLS FIRST`);
  }

  /** The version of `code` in force on `date`, or a UNIT_NOT_IN_FORCE error naming `field`. */
  async inForce(code: string, date: string, field: string): Promise<AdministrativeUnitRow> {
    const version = (await this.versions(code)).find((row) => isInForce(row, date));
    if (!version) {
      throw correctionError(
        'UNIT_NOT_IN_FORCE',
        field,
        `No unit with code ${code} is in force on ${date}.`,
      );
    }
    return version;
  }

  /**
   * The version of `code` that starts on `date`: the one in force that day, split in two at
   * `date` when it began earlier (the first part ends the day before, the second part carries the
   * same values from `date` to where the version ended).
   */
  async versionFrom(code: string, date: string, field: string): Promise<AdministrativeUnitRow> {
    const version = await this.inForce(code, date, field);
    if (version.validFrom === date) return version;
    const [closed] = await this.tx
      .update(administrativeUnits)
      .set({ validTo: date })
      .where(eq(administrativeUnits.id, version.id))
      .returning();
    const { id: _id, ...values } = version;
    const [opened] = await this.tx
      .insert(administrativeUnits)
      .values({ ...values, validFrom: date, source: this.source })
      .returning();
    this.changes.versionsClosed.push(versionChange(closed!, { validTo: version.validTo }));
    this.changes.versionsOpened.push(versionChange(opened!));
    return opened!;
  }

  /** Sets a version's name (without the type word) and type; the full name and search key follow. */
  async amend(
    version: AdministrativeUnitRow,
    fields: { name?: string; type?: UnitType },
  ): Promise<AdministrativeUnitRow> {
    const name = fields.name ?? version.name;
    const type = fields.type ?? version.type;
    const fullName = `${canonicalTypeWord(type)} ${name}`;
    const [amended] = await this.tx
      .update(administrativeUnits)
      .set({ name, type, fullName, searchKey: unitSearchKey(fullName, version.code) })
      .where(eq(administrativeUnits.id, version.id))
      .returning();
    const opened = this.changes.versionsOpened.find(
      (change) => change.code === version.code && change.validFrom === version.validFrom,
    );
    if (opened) {
      // A version this correction opened: show it with its final values.
      Object.assign(opened, versionChange(amended!));
    } else {
      this.changes.versionsAmended.push(
        versionChange(amended!, { type: version.type, fullName: version.fullName }),
      );
    }
    return amended!;
  }

  /**
   * Ends `version` on `date` (its first day no longer in force). Refused with LATER_HISTORY when
   * the version ran past `date` and history after it exists (a later version of the code, or links
   * out of it on the day it ended), and with ORPHANED_UNITS when units under it are in force on
   * `date`.
   */
  async cease(version: AdministrativeUnitRow, date: string, field: string): Promise<void> {
    if (version.validTo === date) {
      this.reattributed(version.code);
      return;
    }
    const later = (await this.versions(version.code)).filter(
      (row) => row.validFrom !== null && row.validFrom > date,
    );
    const linksOut =
      version.validTo === null
        ? []
        : await this.tx
            .select()
            .from(unitTransitions)
            .where(
              and(
                eq(unitTransitions.predecessorCode, version.code),
                eq(unitTransitions.effectiveDate, version.validTo),
              ),
            );
    if (later.length > 0 || linksOut.length > 0) {
      throw correctionError(
        'LATER_HISTORY',
        field,
        `${version.code} ${version.fullName} cannot cease on ${date}: history after that day exists (${[
          ...later.map((row) => `version from ${row.validFrom}`),
          ...linksOut.map((link) => `link to ${link.successorCode} on ${link.effectiveDate}`),
        ].join(', ')}). Correct that history first.`,
      );
    }
    const children = await this.tx
      .select({ code: administrativeUnits.code })
      .from(administrativeUnits)
      .where(
        and(
          eq(administrativeUnits.parentCode, version.code),
          or(isNull(administrativeUnits.validFrom), lte(administrativeUnits.validFrom, date)),
          or(isNull(administrativeUnits.validTo), gt(administrativeUnits.validTo, date)),
        ),
      );
    if (children.length > 0) {
      throw correctionError(
        'ORPHANED_UNITS',
        field,
        `${version.code} ${version.fullName} still has ${children.length} units under it on ${date}; move or merge them first.`,
      );
    }
    const [closed] = await this.tx
      .update(administrativeUnits)
      .set({ validTo: date })
      .where(eq(administrativeUnits.id, version.id))
      .returning();
    this.changes.versionsClosed.push(versionChange(closed!, { validTo: version.validTo }));
    this.reattributed(version.code);
  }

  /** Opens a new unit on `date` under `parentCode`, as a new code. */
  async establish(
    fields: { code: string; level: UnitLevel; type: UnitType; name: string },
    parent: AdministrativeUnitRow,
    date: string,
    field: string,
  ): Promise<AdministrativeUnitRow> {
    const clash = (await this.versions(fields.code)).find((row) => isInForceFrom(row, date));
    if (clash) {
      throw correctionError(
        'CODE_IN_USE',
        field,
        `Code ${fields.code} is ${clash.fullName} from ${clash.validFrom ?? 'the start of the records'} to ${clash.validTo ?? 'now'}.`,
      );
    }
    if (levelRank[parent.level] >= levelRank[fields.level]) {
      throw correctionError(
        'LEVEL_MISMATCH',
        field,
        `A ${parent.level} cannot hold a ${fields.level}.`,
      );
    }
    const fullName = `${canonicalTypeWord(fields.type)} ${fields.name}`;
    const [opened] = await this.tx
      .insert(administrativeUnits)
      .values({
        ...fields,
        fullName,
        searchKey: unitSearchKey(fullName, fields.code),
        parentCode: parent.code,
        provinceCode: parent.level === 'PROVINCE' ? parent.code : parent.provinceCode,
        validFrom: date,
        validTo: null,
        source: this.source,
      })
      .returning();
    this.changes.versionsOpened.push(versionChange(opened!));
    return opened!;
  }

  /** Adds the link `predecessor -> successor` on `date`, or amends its share and resolution. */
  async link(
    predecessorCode: string,
    successorCode: string,
    date: string,
    share: 'WHOLE' | 'PART',
  ): Promise<void> {
    const [existing] = await this.tx
      .select()
      .from(unitTransitions)
      .where(
        and(
          eq(unitTransitions.predecessorCode, predecessorCode),
          eq(unitTransitions.successorCode, successorCode),
          eq(unitTransitions.effectiveDate, date),
        ),
      );
    const change: LinkChange = {
      predecessorCode,
      successorCode,
      effectiveDate: date,
      share,
      resolution: this.resolution,
    };
    if (existing) {
      if (existing.share === share && existing.resolution === this.resolution) return;
      await this.tx
        .update(unitTransitions)
        .set({ share, resolution: this.resolution, source: this.source })
        .where(eq(unitTransitions.id, existing.id));
      this.changes.linksAmended.push({
        ...change,
        previous: { share: existing.share, resolution: existing.resolution },
      });
      return;
    }
    await this.tx.insert(unitTransitions).values({ ...change, source: this.source });
    this.changes.linksAdded.push(change);
  }

  /**
   * Checks, once every link is written, the rule that spans rows: a WHOLE link is the only link
   * of its old unit on that day, and only a unit that ceased that day went anywhere WHOLE.
   */
  async checkShares(
    predecessorCodes: readonly string[],
    date: string,
    field: string,
  ): Promise<void> {
    if (predecessorCodes.length === 0) return;
    const links: UnitTransitionRow[] = await this.tx
      .select()
      .from(unitTransitions)
      .where(
        and(
          inArray(unitTransitions.predecessorCode, [...new Set(predecessorCodes)]),
          eq(unitTransitions.effectiveDate, date),
        ),
      )
      .orderBy(asc(unitTransitions.id));
    const byPredecessor = new Map<string, UnitTransitionRow[]>();
    for (const link of links) {
      byPredecessor.set(link.predecessorCode, [
        ...(byPredecessor.get(link.predecessorCode) ?? []),
        link,
      ]);
    }
    for (const [code, own] of byPredecessor) {
      const whole = own.filter((link) => link.share === 'WHOLE');
      if (whole.length > 0 && own.length > 1) {
        throw correctionError(
          'SHARE_CONFLICT',
          field,
          `${code} would go on ${date} WHOLE into ${whole.map((link) => link.successorCode).join(', ')} and also into ${own
            .filter((link) => link.share !== 'WHOLE' || link !== whole[0])
            .map((link) => link.successorCode)
            .join(', ')}: a unit divided between several units goes into each in PART.`,
        );
      }
      if (whole.length > 0) {
        const continues = (await this.versions(code)).some((row) => isInForce(row, date));
        const continuesItself = whole[0]!.successorCode === code;
        if (continues && !continuesItself) {
          throw correctionError(
            'SHARE_CONFLICT',
            field,
            `${code} is still in force on ${date}, so it cannot have gone WHOLE into ${whole[0]!.successorCode}: record PART, or merge it.`,
          );
        }
      }
    }
  }

  /** Checks that a link joins levels that can follow each other (same level, or district -> commune). */
  checkLevels(
    predecessor: AdministrativeUnitRow,
    successor: AdministrativeUnitRow,
    field: string,
  ): void {
    const same = predecessor.level === successor.level;
    const islandDistrict = predecessor.level === 'DISTRICT' && successor.level === 'COMMUNE';
    if (!same && !islandDistrict) {
      throw correctionError(
        'LEVEL_MISMATCH',
        field,
        `A ${predecessor.level} (${predecessor.code}) cannot go into a ${successor.level} (${successor.code}).`,
      );
    }
  }

  /** Notes that the agency records of `code` move to other units. */
  reattributed(code: string): void {
    if (!this.changes.reattributedFrom.includes(code)) this.changes.reattributedFrom.push(code);
  }
}

/** The day before `date`, on which a unit that ceases on `date` was last in force. */
export const lastDayBefore = dayBefore;

/**
 * Serialises every write to the units' history (corrections and change sets) for the rest of
 * the transaction: each checks rules that span rows (a unit's versions never overlap, shares of
 * one old unit agree), which two concurrent writers could each see as satisfied.
 */
export async function lockUnitHistory(tx: UnitsDatabase): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('units:history'))`);
}
