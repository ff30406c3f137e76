import type { Database } from '@home-affairs/db';
import { sql } from 'drizzle-orm';
import { hashUnit } from './mix32.ts';

/**
 * Generates, for every province in force today, when it published each change of each procedure
 * (entry into force, amendments, the two-tier level changes) in its public list: on or before the
 * effective day at a per-province propensity (70–98%), otherwise 1 to 30 days late. Deterministic
 * in (province, procedure, day); synthetic like every dossier.
 */
export async function seedPublications(db: Database<Record<string, unknown>>) {
  const key = `(u.code::bigint * 10000000 + replace(c.procedure_code, '.', '')::bigint % 10000000) # ((c.effective_on - DATE '2000-01-01')::bigint * 7919)`;
  await db.execute(
    sql.raw(`
    INSERT INTO procedures.procedure_publications
      (province_code, procedure_code, effective_on, published_on, synthetic)
    SELECT u.code, c.procedure_code, c.effective_on,
      CASE WHEN ${hashUnit(key, 21)} < 0.7 + 0.28 * ${hashUnit('u.code::int', 22)}
           THEN c.effective_on - floor(${hashUnit(key, 23)} * 10)::int
           ELSE c.effective_on + 1 + floor(${hashUnit(key, 23)} * 30)::int END,
      true
    FROM procedures.unit_directory u
    CROSS JOIN (
      SELECT procedure_code, effective_on FROM procedures.procedure_status_changes
      UNION
      SELECT procedure_code, valid_from FROM procedures.procedure_levels WHERE valid_from IS NOT NULL
    ) AS c
    WHERE u.level = 'PROVINCE' AND u.valid_to IS NULL
    ON CONFLICT DO NOTHING`),
  );
}
