import { todayInVietnam } from '@home-affairs/graphql';
import type { Identity } from '@home-affairs/identity';
import { agencyByCode, firstAgenciesByUnit, statusChangesByAgency } from './agencies/loaders.ts';
import type { PersonnelDatabase } from './common/personnelDatabase.ts';
import { specialistCoverageByUnit } from './specialists/loaders.ts';
import {
  childAllocationByQuota,
  quotasByAgency,
  staffingSummaryByAgency,
} from './staffing/loaders.ts';

/** Per-request context: the caller, the database, the request's "today", and fresh loaders. */
export interface PersonnelContext {
  /** The caller, as the gateway signed it (anonymous for a public read). */
  identity: Identity;
  db: PersonnelDatabase;
  /** Today in Vietnam, fixed for the whole request so that every field agrees on it. */
  today: string;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: PersonnelDatabase, today: string) {
  return {
    agencyByCode: agencyByCode(db),
    statusChangesByAgency: statusChangesByAgency(db),
    firstAgenciesByUnit: firstAgenciesByUnit(db, today),
    quotasByAgency: quotasByAgency(db),
    childAllocationByQuota: childAllocationByQuota(db),
    staffingSummaryByAgency: staffingSummaryByAgency(db, today),
    specialistCoverageByUnit: specialistCoverageByUnit(db),
  };
}

/** Builds the context of one request. */
export function createContext(db: PersonnelDatabase, identity: Identity): PersonnelContext {
  const today = todayInVietnam();
  return { identity, db, today, loaders: createLoaders(db, today) };
}
