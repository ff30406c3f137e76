import { ObservedDataLoader } from '@home-affairs/telemetry';
import type { DossierRow } from '../db/schema.ts';
import { type DossiersDatabase, findDossiers } from './queries.ts';

/** Loads dossiers by id, one statement per batch. */
export function dossierById(db: DossiersDatabase) {
  return new ObservedDataLoader<number, DossierRow | null>('dossierById', async (ids) => {
    const rows = await findDossiers(db, ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
