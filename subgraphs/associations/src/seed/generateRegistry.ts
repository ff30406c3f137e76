import { type ColumnOf, copyRows, loadBeforeIndexes } from '@home-affairs/bulk-load';
import type { Database } from '@home-affairs/db';
import { selectRows } from '@home-affairs/db';
import { foldForSearch } from '@home-affairs/graphql';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type * as schema from '../db/schema.ts';
import {
  affiliatedEntities,
  charters,
  financialReports,
  inspections,
  organizationLeaders,
  organizationStatuses,
  organizations,
  unitDirectory,
} from '../db/schema.ts';
import {
  type DirectoryEntry,
  drawRegistry,
  type OrderedTemplate,
  type PlannedOrganization,
} from './drawRegistry.ts';
import { organizationTemplates } from './organizationTemplates.ts';
import * as records from './registryRecords.ts';

/**
 * The figures the demo registry reproduces from its own records, as of 2024-12-31: the Ministry of
 * Home Affairs' count of associations (hội) and of social and charity funds at the end of 2024,
 * and how many of them operate nationwide or across provinces.
 */
export const registryCalibration = {
  day: '2024-12-31',
  associations: 70_096,
  funds: 3_081,
  nationwideOrInterProvincialAssociations: 609,
  nationwideOrInterProvincialFunds: 101,
} as const;

/** How the demo registry is laid out beyond the calibrated figures. */
export interface RegistryLayout {
  /** Associations in existence on 2024-12-31. @default 70,096 */
  associations: number;
  /** Funds in existence on 2024-12-31. @default 3,081 */
  funds: number;
  /** Of those associations, nationwide or inter-provincial. @default 609 */
  wideAssociations: number;
  /** Of those funds, nationwide or inter-provincial. @default 101 */
  wideFunds: number;
  /** Organisations dissolved or merged before 2025, which no longer count. @default 700 */
  endedBefore2025: number;
  /** Organisations registered from 2025-01-01 on, across the reform. @default 900 */
  registeredFrom2025: number;
}

/** The full national registry. */
export const fullRegistry: RegistryLayout = {
  associations: registryCalibration.associations,
  funds: registryCalibration.funds,
  wideAssociations: registryCalibration.nationwideOrInterProvincialAssociations,
  wideFunds: registryCalibration.nationwideOrInterProvincialFunds,
  endedBefore2025: 700,
  registeredFrom2025: 900,
};

/** Row counts the generator wrote. */
export interface GeneratedRegistry {
  organizations: number;
  statuses: number;
  leaders: number;
  charters: number;
  financialReports: number;
  affiliatedEntities: number;
  inspections: number;
}

/**
 * Generates the demo registry over the unit directory already stored: draws the plan in
 * JavaScript (`drawRegistry`, every choice from an md5 of the organisation's ordinal, so that
 * every machine gets the same records) and loads each table with COPY, in this order (the order
 * of their identity ids), their keys, foreign keys and indexes built after the rows
 * (`loadBeforeIndexes`). Run it in a transaction.
 *
 * Layout, by ordinal: first the associations in existence on 2024-12-31 (the first
 * `wideAssociations` of them nationwide or inter-provincial), then the funds in existence on that
 * day (the first `wideFunds` wide), then organisations that ended before 2025, then registrations
 * from 2025 on. So the records themselves give the published figures as of 2024-12-31, and every
 * later event (suspensions, dissolutions, mergers in 2025-2026) happens after that day.
 * Organisations registered before 1 July 2025 are seated in an old (three-tier) commune, later
 * ones in a current one.
 */
export async function generateRegistry(
  db: Database<typeof schema>,
  layout: RegistryLayout = fullRegistry,
): Promise<GeneratedRegistry> {
  const plan = drawRegistry(layout, await readUnits(db), await orderTemplates(db));
  const load = <TTable extends PgTable>(
    table: TTable,
    columns: readonly ColumnOf<NoInfer<TTable>>[],
    rows: (plan: readonly PlannedOrganization[]) => Iterable<records.Row>,
  ) => copyRows(db, table, columns, rows(plan));
  const tables = [
    organizations,
    organizationStatuses,
    organizationLeaders,
    charters,
    financialReports,
    affiliatedEntities,
    inspections,
  ];
  return loadBeforeIndexes(db, tables, async () => ({
    organizations: await load(organizations, records.organizationColumns, records.organizationRows),
    statuses: await load(organizationStatuses, records.statusColumns, records.statusRows),
    leaders: await load(organizationLeaders, records.leaderColumns, records.leaderRows),
    charters: await load(charters, records.charterColumns, records.charterRows),
    financialReports: await load(
      financialReports,
      records.financialReportColumns,
      records.financialReportRows,
    ),
    affiliatedEntities: await load(
      affiliatedEntities,
      records.affiliatedEntityColumns,
      records.affiliatedEntityRows,
    ),
    inspections: await load(inspections, records.inspectionColumns, records.inspectionRows),
  }));
}

/**
 * The communes and provinces of the stored directory, in the database's order of codes: as one
 * JSON text (parsed here at a third of the CPU of 13,000 rows through the driver).
 */
async function readUnits(db: Database<typeof schema>): Promise<DirectoryEntry[]> {
  const d = unitDirectory;
  const [read] = await selectRows<{ units: string | null }>(
    db,
    sql`SELECT json_agg(u ORDER BY u.snapshot, u.code)::text AS "units" FROM (
      SELECT ${d.snapshot} AS "snapshot", ${d.code} AS "code", ${d.level} AS "level",
        ${d.name} AS "name", ${d.searchName} AS "searchName", ${d.parentCode} AS "parentCode",
        ${d.provinceCode} AS "provinceCode", ${d.currentCode} AS "currentCode",
        ${d.currentProvinceCode} AS "currentProvinceCode"
      FROM ${d} WHERE ${d.level} IN ('COMMUNE', 'PROVINCE')) AS u`,
  );
  return JSON.parse(read?.units ?? '[]') as DirectoryEntry[];
}

/** The name templates in the database's order of their names (as the SQL numbered them). */
async function orderTemplates(db: Database<typeof schema>): Promise<OrderedTemplate[]> {
  const names = organizationTemplates.map((template) => template.name);
  const ordered = await selectRows<{ name: string }>(
    db,
    sql`SELECT name FROM json_array_elements_text(${JSON.stringify(names)}::json) AS name ORDER BY name`,
  );
  const byName = new Map(organizationTemplates.map((template) => [template.name, template]));
  return ordered.map(({ name }) => {
    const template = byName.get(name)!;
    return { ...template, search: foldForSearch(template.name) };
  });
}
