import {
  type UnitChange,
  type UnitChangeState,
  versionInForce,
} from '@home-affairs/unit-directory';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { PersonnelDatabase } from '../common/personnelDatabase.ts';
import {
  agencies,
  agencyStatusChanges,
  history,
  specialistCoverage,
  unitDirectory,
} from '../db/schema.ts';
import { beforeReformDay, currentDirectoryDay } from './unitDirectoryFromGraph.ts';

type DirectoryRow = typeof unitDirectory.$inferInsert;

/** What applying a page of feed entries changed. */
export interface AppliedUnitChanges {
  /** Units added, changed or removed in the current list. */
  directoryRows: number;
  /** People's committees ended because their unit was abolished. */
  committeesEnded: number;
  /** Other agencies that now serve a successor. */
  agenciesMoved: number;
  /** Quota and headcount figures carried over to a successor's committee. */
  staffingMoved: number;
}

/** The committee name the demo data gives a unit: "Ủy ban nhân dân" and its full name. */
const committeeName = (fullName: string) =>
  `Ủy ban nhân dân ${fullName.charAt(0).toLowerCase()}${fullName.slice(1)}`;

/**
 * Applies feed entries to the directory copy and the agencies, in order, incrementally:
 * - a unit in force today that was established or changed is written into the current list; an
 *   established commune or province gets its people's committee, a changed one's committee its
 *   new name and province;
 * - an abolished unit leaves the current list; its people's committee ends on the effective day,
 *   merged into the committee of its first successor in code order (the one the directory copy
 *   gives), which takes over its quotas, its latest headcounts and its specialist coverage, so
 *   that totals stay the same; the other agencies serving it serve the successor;
 * - a lineage correction moves nothing (which part of a split unit an agency served is unknown).
 * Every agency change is written to the history with the actor `unit-feed`. Entries already
 * reflected in the copy change nothing.
 */
export async function applyUnitChanges(
  db: PersonnelDatabase,
  changes: UnitChange[],
  today: string,
): Promise<AppliedUnitChanges> {
  const applied: AppliedUnitChanges = {
    directoryRows: 0,
    committeesEnded: 0,
    agenciesMoved: 0,
    staffingMoved: 0,
  };
  const currentDay = (await currentDirectoryDay(db)) ?? today;
  for (const change of changes) {
    const { code } = change;
    const after = versionInForce(change, today);
    if (after) {
      await upsertCurrent(db, { asOf: currentDay, code, ...after });
      applied.directoryRows += 1;
      await upsertCommittee(db, change, after);
    }
    if (change.kind !== 'ABOLISHED') continue;
    const removed = await db
      .delete(unitDirectory)
      .where(and(eq(unitDirectory.asOf, currentDay), eq(unitDirectory.code, code)))
      .returning({ code: unitDirectory.code });
    applied.directoryRows += removed.length;
    const successor = change.successors[0];
    const successorCodes = change.successors.map((link) => link.code);
    // The old units this one carried on are now carried on by its successors.
    await db.execute(sql`
      UPDATE ${unitDirectory} SET current_codes = (
        SELECT coalesce(array_agg(DISTINCT c ORDER BY c), '{}') FROM unnest(
          array_remove(${unitDirectory.currentCodes}, ${code})
            || string_to_array(${successorCodes.join(',')}, ',')) AS c)
      WHERE ${unitDirectory.asOf} = ${beforeReformDay} AND ${code} = ANY(${unitDirectory.currentCodes})`);
    const committee = `UBND-${code}`;
    const [active] = await db
      .select()
      .from(agencies)
      .where(and(eq(agencies.code, committee), eq(agencies.status, 'ACTIVE')));
    if (active) {
      const successorCommittee = successor ? `UBND-${successor.code}` : null;
      const status = successorCommittee ? ('MERGED' as const) : ('DISSOLVED' as const);
      await db
        .update(agencies)
        .set({ status, endedOn: change.effectiveDate, successorCode: successorCommittee })
        .where(eq(agencies.code, committee));
      await db.insert(agencyStatusChanges).values({
        agencyCode: committee,
        status,
        effectiveDate: change.effectiveDate,
        successorCode: successorCommittee,
        basis: successor?.resolution ?? `units feed entry ${change.sequence}`,
      });
      await record(db, committee, active, {
        status,
        endedOn: change.effectiveDate,
        successorCode: successorCommittee,
      });
      applied.committeesEnded += 1;
      if (successorCommittee) {
        applied.staffingMoved += await carryStaffing(
          db,
          committee,
          successorCommittee,
          change.effectiveDate,
          today,
        );
      }
    }
    if (!successor) continue;
    if (change.before?.level === 'COMMUNE') {
      await db.execute(sql`
        INSERT INTO ${specialistCoverage} (unit_code, field, required, assigned, synthetic)
        SELECT ${successor.code}, field, required, assigned, synthetic FROM ${specialistCoverage}
        WHERE ${specialistCoverage.unitCode} = ${code}
        ON CONFLICT (unit_code, field) DO UPDATE SET
          required = ${specialistCoverage.required} + excluded.required,
          assigned = ${specialistCoverage.assigned} + excluded.assigned`);
      await db.delete(specialistCoverage).where(eq(specialistCoverage.unitCode, code));
    }
    const moved = await db
      .update(agencies)
      .set({ unitCode: successor.code, provinceCode: successor.provinceCode })
      .where(
        and(
          eq(agencies.unitCode, code),
          eq(agencies.status, 'ACTIVE'),
          ne(agencies.code, committee),
        ),
      )
      .returning({ code: agencies.code });
    for (const agency of moved) {
      await record(db, agency.code, { unitCode: code }, { unitCode: successor.code });
    }
    applied.agenciesMoved += moved.length;
  }
  return applied;
}

/** Writes a unit into the current list; a unit already there keeps its `currentCodes`. */
async function upsertCurrent(db: PersonnelDatabase, row: Omit<DirectoryRow, 'currentCodes'>) {
  await db
    .insert(unitDirectory)
    .values({ ...row, currentCodes: [row.code] })
    .onConflictDoUpdate({ target: [unitDirectory.asOf, unitDirectory.code], set: row });
}

/** Gives an established unit its committee, and a changed one's committee its name and province. */
async function upsertCommittee(db: PersonnelDatabase, change: UnitChange, state: UnitChangeState) {
  if (state.level === 'DISTRICT') return;
  const code = `UBND-${change.code}`;
  const province = state.level === 'PROVINCE';
  const fields = {
    name: committeeName(state.fullName),
    parentCode: province ? null : `UBND-${state.provinceCode}`,
    provinceCode: state.provinceCode,
  };
  const [existing] = await db.select().from(agencies).where(eq(agencies.code, code));
  if (!existing) {
    await db.insert(agencies).values({
      code,
      ...fields,
      kind: province ? 'PROVINCIAL_PEOPLES_COMMITTEE' : 'COMMUNE_PEOPLES_COMMITTEE',
      level: province ? 'PROVINCIAL' : 'COMMUNE',
      unitCode: change.code,
      establishedOn: change.effectiveDate,
    });
    await record(db, code, null, { ...fields, establishedOn: change.effectiveDate });
    return;
  }
  if (
    existing.status !== 'ACTIVE' ||
    (existing.name === fields.name &&
      existing.parentCode === fields.parentCode &&
      existing.provinceCode === fields.provinceCode)
  ) {
    return;
  }
  await db.update(agencies).set(fields).where(eq(agencies.code, code));
  await record(
    db,
    code,
    { name: existing.name, parentCode: existing.parentCode, provinceCode: existing.provinceCode },
    fields,
  );
}

/**
 * Carries the ended committee's quotas and latest headcounts over to its successor: quotas are
 * added to the successor's (the ended committee's set to 0); headcounts are recorded on the later
 * of the effective day and both committees' latest snapshot, the successor with both summed and
 * the ended committee with 0. Returns the figures carried.
 */
async function carryStaffing(
  db: PersonnelDatabase,
  from: string,
  to: string,
  effectiveDate: string,
  today: string,
) {
  const quotas = await db.execute(sql`
    WITH moved AS (
      SELECT period, category, amount, synthetic FROM personnel.staffing_quotas
      WHERE agency_code = ${from} AND amount > 0
    ), added AS (
      INSERT INTO personnel.staffing_quotas (agency_code, period, category, amount, synthetic)
      SELECT ${to}, period, category, amount, synthetic FROM moved
      ON CONFLICT (agency_code, period, category)
        DO UPDATE SET amount = personnel.staffing_quotas.amount + excluded.amount
      RETURNING 1
    )
    UPDATE personnel.staffing_quotas SET amount = 0
    WHERE agency_code = ${from} AND (SELECT count(*) FROM added) >= 0
    RETURNING 1`);
  const headcounts = await db.execute(sql`
    WITH latest AS (
      SELECT DISTINCT ON (agency_code, category) agency_code, category, as_of, headcount, synthetic
      FROM personnel.headcount_snapshots
      WHERE agency_code IN (${from}, ${to}) AND as_of <= ${today}
      ORDER BY agency_code, category, as_of DESC
    ), summed AS (
      SELECT category, greatest(max(as_of), ${effectiveDate}::date) AS as_of,
        sum(headcount)::int AS headcount, bool_or(synthetic) AS synthetic,
        bool_or(agency_code = ${from} AND headcount > 0) AS carried
      FROM latest GROUP BY category
    )
    INSERT INTO personnel.headcount_snapshots (agency_code, category, as_of, headcount, synthetic)
    SELECT agency, category, as_of, CASE WHEN agency = ${to} THEN headcount ELSE 0 END, synthetic
    FROM summed CROSS JOIN (VALUES (${to}), (${from})) AS agencies(agency)
    WHERE carried
    ON CONFLICT (agency_code, category, as_of) DO UPDATE SET headcount = excluded.headcount
    RETURNING 1`);
  const rows = (result: unknown) => (result as { rows?: unknown[] }).rows?.length ?? 0;
  return rows(quotas) + rows(headcounts);
}

/** One row of the history: what the feed changed in an agency. */
async function record(db: PersonnelDatabase, agencyCode: string, before: unknown, after: unknown) {
  await db.insert(history).values({
    actor: 'unit-feed',
    operation: 'followUnitChange',
    entity: 'Agency',
    entityKey: agencyCode,
    before: before as Record<string, unknown> | null,
    after: after as Record<string, unknown>,
  });
}
