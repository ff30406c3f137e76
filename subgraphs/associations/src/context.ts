import { todayInVietnam } from '@home-affairs/graphql';
import type { Identity } from '@home-affairs/identity';
import {
  firstOrganizationPageByUnit,
  organizationByRegistrationNumber,
  organizationCountsByUnit,
  organizationRowLoaders,
  statusByOrganization,
} from './organizations/loaders.ts';
import type { AssociationsDatabase } from './organizations/queries.ts';

/** Per-request context: the caller, the database, the request's "today", and fresh loaders. */
export interface AssociationsContext {
  /** The caller, as the gateway signed it (anonymous for a public read). */
  identity: Identity;
  db: AssociationsDatabase;
  /** Today in Vietnam, fixed for the whole request so that every field agrees on it. */
  today: string;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: AssociationsDatabase) {
  return {
    organizationByRegistrationNumber: organizationByRegistrationNumber(db),
    statusByOrganization: statusByOrganization(db),
    ...organizationRowLoaders(db),
    firstOrganizationPageByUnit: firstOrganizationPageByUnit(db),
    organizationCountsByUnit: organizationCountsByUnit(db),
  };
}

/** Builds the context of one request. */
export function createContext(db: AssociationsDatabase, identity: Identity): AssociationsContext {
  return { identity, db, today: todayInVietnam(), loaders: createLoaders(db) };
}
