import type { Database } from '@home-affairs/db';
import { todayInVietnam } from '@home-affairs/graphql';
import type { Identity } from '@home-affairs/identity';
import type { Catalogue } from './catalogue/queries.ts';
import { dossierById } from './dossiers/loaders.ts';
import {
  communeCodesByProvince,
  indexedUnitByCode,
  publicationsByKey,
} from './serviceIndex/loaders.ts';
import { statisticsByKey } from './statistics/loaders.ts';

/** What the subgraph reads once at start-up: it changes only through migrations and seeds. */
export interface ReferenceData {
  catalogue: Catalogue;
  /** Codes of the provinces in force today: the whole country is their sum. */
  provinceCodes: string[];
}

/** Per-request context: the caller, the database, the request's "today", and fresh loaders. */
export interface ProceduresContext {
  /** The caller, as the gateway signed it (anonymous for a public read). */
  identity: Identity;
  db: Database<Record<string, unknown>>;
  /** Today in Vietnam, fixed for the whole request so that every field agrees on it. */
  today: string;
  catalogue: Catalogue;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(
  db: Database<Record<string, unknown>>,
  today: string,
  reference: ReferenceData,
) {
  return {
    statisticsByKey: statisticsByKey(db, today, reference.provinceCodes),
    dossierById: dossierById(db),
    publicationsByKey: publicationsByKey(db),
    indexedUnitByCode: indexedUnitByCode(db),
    communeCodesByProvince: communeCodesByProvince(db),
  };
}

/** Builds the context of one request. */
export function createContext(
  db: Database<Record<string, unknown>>,
  identity: Identity,
  reference: ReferenceData,
): ProceduresContext {
  const today = todayInVietnam();
  return {
    identity,
    db,
    today,
    catalogue: reference.catalogue,
    loaders: createLoaders(db, today, reference),
  };
}
