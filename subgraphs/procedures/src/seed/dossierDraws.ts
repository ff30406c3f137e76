import type { Database } from '@home-affairs/db';
import { selectRows } from '@home-affairs/db';
import { dayNumber, reformDate } from '@home-affairs/graphql';
import { sql } from 'drizzle-orm';
import type { DossierDraws, SeedEra, SeedSlot, SeedUnit } from './dossierRows.ts';
import type { DossierProfile } from './generateDossiers.ts';
import { hashUnit } from './mix32.ts';
import { procedureWeights } from './seedCatalogue.ts';

// The last day of the three-tier model and the first of the two-tier one: a dossier draws among
// the units and procedure levels in force on the one of its era.
const eras = `(VALUES ('old', DATE '${reformDate}' - 1), ('new', DATE '${reformDate}')) AS e(era, day)`;
const inForce = (table: string) =>
  `(${table}.valid_from IS NULL OR ${table}.valid_from <= e.day)
   AND (${table}.valid_to IS NULL OR ${table}.valid_to > e.day)`;

interface UnitRow extends SeedUnit {
  era: string;
  level: string;
  n: number;
}

/** Units in force in each era, numbered by code within their level, with their propensities. */
async function readUnits(db: Database<Record<string, unknown>>) {
  const province = 'u.current_province_code::int';
  return selectRows<UnitRow>(
    db,
    sql.raw(`
    SELECT e.era, u.level::text AS level,
      (row_number() OVER (PARTITION BY e.era, u.level ORDER BY u.code) - 1)::int AS n,
      u.code, u.current_code AS "currentCode", u.current_province_code AS "currentProvinceCode",
      -- Nghệ An's one-stop shops reported online rates above 47%; others vary by province.
      CASE WHEN u.current_province_code = '40' THEN 0.68
           ELSE 0.25 + 0.45 * ${hashUnit(province, 11)} END AS "onlineRate",
      0.86 + 0.13 * ${hashUnit(province, 12)} AS "onTimeRate",
      0.75 + 0.2 * ${hashUnit(province, 13)} AS "apologyRate",
      -- Service-index propensities (Decision 766): digitised papers of in-person dossiers, fees
      -- paid online, digitised results, dossiers rated, and satisfied ratings, by province.
      0.35 + 0.6 * ${hashUnit(province, 14)} AS "digitizeRate",
      0.2 + 0.7 * ${hashUnit(province, 15)} AS "payRate",
      0.5 + 0.45 * ${hashUnit(province, 16)} AS "resultRate",
      0.3 + 0.5 * ${hashUnit(province, 17)} AS "ratingRate",
      0.78 + 0.2 * ${hashUnit(province, 18)} AS "satisfiedRate"
    FROM procedures.unit_directory u CROSS JOIN ${eras}
    WHERE ${inForce('u')}
    ORDER BY 1, 2, 3`),
  );
}

interface SlotRow extends SeedSlot {
  era: string;
  n: number;
}

/**
 * Each era's weighted slots: a procedure of weight w has w slots at each of its levels in force
 * in the era (commune, district, province) that has units, unless the procedure is abolished.
 */
async function readSlots(db: Database<Record<string, unknown>>) {
  const weights = procedureWeights()
    .map((w) => `('${w.code}', ${w.weight})`)
    .join(', ');
  return selectRows<SlotRow>(
    db,
    sql.raw(`
    WITH unit_levels AS (
      SELECT DISTINCT e.era, u.level FROM procedures.unit_directory u CROSS JOIN ${eras}
      WHERE ${inForce('u')}
    )
    SELECT e.era, (row_number() OVER (PARTITION BY e.era ORDER BY p.code, l.level, s) - 1)::int AS n,
      p.code, l.level::text AS level, p.field_code AS "fieldCode",
      p.processing_days AS "processingDays", p.online_availability::text AS "onlineAvailability",
      p.fee_vnd AS "feeVnd"
    FROM procedures.procedures p
    JOIN (VALUES ${weights}) AS w(code, weight) ON w.code = p.code
    CROSS JOIN ${eras}
    JOIN procedures.procedure_levels l ON l.procedure_code = p.code
      AND l.level IN ('COMMUNE', 'DISTRICT', 'PROVINCE') AND ${inForce('l')}
    CROSS JOIN generate_series(1, w.weight) AS s
    WHERE (SELECT c.status FROM procedures.procedure_status_changes c
           WHERE c.procedure_code = p.code AND c.effective_on <= e.day
           ORDER BY c.effective_on DESC LIMIT 1) <> 'ABOLISHED'
      AND EXISTS (SELECT 1 FROM unit_levels uc WHERE uc.era = e.era AND uc.level = l.level)
    ORDER BY 1, 2`),
  );
}

function era(name: string, units: UnitRow[], slots: SlotRow[]): SeedEra {
  const byLevel = new Map<string, SeedUnit[]>();
  for (const unit of units.filter((row) => row.era === name)) {
    const list = byLevel.get(unit.level) ?? [];
    list[unit.n] = unit;
    byLevel.set(unit.level, list);
  }
  const eraSlots: SeedSlot[] = [];
  for (const slot of slots.filter((row) => row.era === name)) eraSlots[slot.n] = slot;
  return { slots: eraSlots, units: byLevel };
}

/** Reads what the dossiers of `profile` draw among (a few thousand rows). */
export async function readDraws(
  db: Database<Record<string, unknown>>,
  profile: DossierProfile,
): Promise<DossierDraws> {
  const [units, slots, workingDays] = [
    await readUnits(db),
    await readSlots(db),
    await selectRows<{ day: string; ordinal: number }>(
      db,
      sql`SELECT day::text AS day, ordinal FROM procedures.working_days
        WHERE working ORDER BY ordinal`,
    ),
  ];
  const workingDayByOrdinal = new Map(workingDays.map((w) => [w.ordinal, dayNumber(w.day)]));
  const receiptDays = workingDays
    .filter((w) => w.day >= profile.firstDay && w.day <= profile.lastDay)
    .map((w) => ({ day: dayNumber(w.day), ordinal: w.ordinal }));
  return {
    receiptDays,
    workingDayByOrdinal,
    twoTierDay: dayNumber(reformDate),
    cutoff: dayNumber(profile.cutoff),
    old: era('old', units, slots),
    current: era('new', units, slots),
  };
}
