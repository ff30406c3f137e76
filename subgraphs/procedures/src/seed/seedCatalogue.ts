import type { Database } from '@home-affairs/db';
import { reformDate } from '@home-affairs/graphql';
import {
  procedureFields,
  procedureLevels,
  procedureStatusChanges,
  procedures,
  workingDays,
} from '../db/schema.ts';
import { workingDayCalendar } from '../workingDays/workingDayCalendar.ts';
import { catalogueFields, catalogueProcedures, type LevelSpec } from './procedureCatalogue.ts';

/** Publication day of the demo catalogue. */
const publishedOn = '2024-01-01';

type LevelRow = typeof procedureLevels.$inferInsert;

function levelRows(procedureCode: string, spec: LevelSpec): LevelRow[] {
  const row = (
    level: LevelRow['level'],
    agencyKind: LevelRow['agencyKind'],
    validFrom: string | null,
    validTo: string | null,
  ): LevelRow => ({ procedureCode, level, agencyKind, validFrom, validTo });
  switch (spec) {
    case 'C':
      return [row('COMMUNE', 'COMMUNE_PEOPLES_COMMITTEE', null, null)];
    case 'P':
      return [row('PROVINCE', 'PROVINCIAL_HOME_AFFAIRS_DEPARTMENT', null, null)];
    case 'U':
      return [row('PROVINCE', 'PROVINCIAL_PEOPLES_COMMITTEE', null, null)];
    case 'M':
      return [row('CENTRAL', 'MINISTRY', null, null)];
    case 'D':
      return [row('DISTRICT', 'DISTRICT_PEOPLES_COMMITTEE', null, reformDate)];
    case 'D>C':
      return [
        row('DISTRICT', 'DISTRICT_PEOPLES_COMMITTEE', null, reformDate),
        row('COMMUNE', 'COMMUNE_PEOPLES_COMMITTEE', reformDate, null),
      ];
    case 'D>P':
      return [
        row('DISTRICT', 'DISTRICT_PEOPLES_COMMITTEE', null, reformDate),
        row('PROVINCE', 'PROVINCIAL_HOME_AFFAIRS_DEPARTMENT', reformDate, null),
      ];
  }
}

/** Official-looking code of the n-th demo procedure (`1.004194`, ...); generated, synthetic. */
export function procedureCode(index: number): string {
  return `1.${String(4194 + index * 157).padStart(6, '0')}`;
}

/** Writes the procedure catalogue and the working-day calendar (first start only). */
export async function seedCatalogue(db: Database<Record<string, unknown>>) {
  await db.transaction(async (tx) => {
    await tx
      .insert(procedureFields)
      .values(catalogueFields.map((f) => ({ ...f, synthetic: false })));
    await tx.insert(procedures).values(
      catalogueProcedures.map((p, index) => ({
        code: procedureCode(index),
        name: p.name,
        fieldCode: p.field,
        processingDays: p.processingDays,
        feeVnd: p.feeVnd,
        onlineAvailability: p.online,
        legalBasis: p.legalBasis,
        synthetic: true,
      })),
    );
    await tx.insert(procedureStatusChanges).values(
      catalogueProcedures.flatMap((p, index) => [
        {
          procedureCode: procedureCode(index),
          effectiveOn: publishedOn,
          status: 'IN_FORCE' as const,
          decision: 'Decision publishing the procedure (synthetic reference)',
        },
        ...(p.change
          ? [
              {
                procedureCode: procedureCode(index),
                effectiveOn: p.change.on,
                status: p.change.status,
                decision: p.change.decision,
              },
            ]
          : []),
      ]),
    );
    await tx
      .insert(procedureLevels)
      .values(
        catalogueProcedures.flatMap((p, index) =>
          p.levels.flatMap((spec) => levelRows(procedureCode(index), spec)),
        ),
      );
    const calendar = workingDayCalendar();
    for (let start = 0; start < calendar.length; start += 1000) {
      await tx.insert(workingDays).values(calendar.slice(start, start + 1000));
    }
  });
}

/** Relative dossier volume of each procedure, by code (for the generators). */
export function procedureWeights(): { code: string; weight: number }[] {
  return catalogueProcedures.map((p, index) => ({ code: procedureCode(index), weight: p.weight }));
}
