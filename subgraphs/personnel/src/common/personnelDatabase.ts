import type { Database } from '@home-affairs/db';
import type * as schema from '../db/schema.ts';

/** The personnel database as every query module sees it. */
export type PersonnelDatabase = Database<typeof schema>;

/** A transaction over the personnel database. */
export type PersonnelTransaction = Parameters<Parameters<PersonnelDatabase['transaction']>[0]>[0];
