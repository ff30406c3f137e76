import { groupBy } from '@home-affairs/graphql';
import { ObservedDataLoader } from '@home-affairs/telemetry';
import { asc, inArray } from 'drizzle-orm';
import type { PersonnelDatabase } from '../common/personnelDatabase.ts';
import { type SpecialistCoverageRow, specialistCoverage } from '../db/schema.ts';

/** Loads the specialist coverage of units, in field order: one statement per batch. */
export function specialistCoverageByUnit(db: PersonnelDatabase) {
  return new ObservedDataLoader<string, SpecialistCoverageRow[]>(
    'specialistCoverageByUnit',
    async (codes) => {
      const rows = await db
        .select()
        .from(specialistCoverage)
        .where(inArray(specialistCoverage.unitCode, [...codes]))
        .orderBy(asc(specialistCoverage.unitCode), asc(specialistCoverage.field));
      const byUnit = groupBy(rows, (row) => row.unitCode);
      return codes.map((code) => byUnit.get(code) ?? []);
    },
  );
}
