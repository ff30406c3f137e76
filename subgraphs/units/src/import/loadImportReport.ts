import { selectRows } from '@home-affairs/db';
import { dayBefore, reformDate, todayInVietnam } from '@home-affairs/graphql';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { administrativeUnits, changeSets, importDefects, importRuns } from '../db/schema.ts';
import { inForceOn, type UnitsDatabase } from '../units/queries.ts';
import { formatTable } from './formatTable.ts';
import { sourceTables } from './ImportLedger.ts';
import type { ImportSummary } from './planImport.ts';

/** Versions in force on one day, by level and type. */
export interface InForceCounts {
  date: string;
  label: string;
  counts: { level: string; type: string; count: number }[];
}

/** Defects of one kind: how many, what was done, a few examples. */
export interface DefectGroup {
  kind: string;
  count: number;
  /** Counts per action verb (`corrected`, `skipped`, ...). */
  verbs: Record<string, number>;
  examples: { source: string; recordKey: string; detail: string; action: string }[];
}

/** The last import run as the report shows it. */
export interface ImportReport {
  run: {
    id: number;
    sources: unknown;
    summary: ImportSummary;
    startedAt: Date;
    finishedAt: Date;
  };
  inForce: InForceCounts[];
  defects: DefectGroup[];
  changeSets: { id: string; title: string; resolution: string | null; effectiveDate: string }[];
}

/** Versions in force on `date`, by level and type. */
export function countInForce(db: UnitsDatabase, date: string) {
  return db
    .select({
      level: administrativeUnits.level,
      type: administrativeUnits.type,
      count: sql<number>`count(*)::int`,
    })
    .from(administrativeUnits)
    .where(inForceOn(date))
    .groupBy(administrativeUnits.level, administrativeUnits.type)
    .orderBy(administrativeUnits.level, administrativeUnits.type);
}

/**
 * Reads the last import run with its defects, and counts the versions in force the day before
 * the reform, on the reform day and on `today` (which shows the change sets applied since).
 */
export async function loadImportReport(
  db: UnitsDatabase,
  options: {
    /** @default today in Vietnam (`todayInVietnam`), as the subgraph's queries default to */
    today?: string;
  } = {},
): Promise<ImportReport | undefined> {
  const [run] = await db.select().from(importRuns).orderBy(desc(importRuns.id)).limit(1);
  if (!run) return undefined;
  const today = options.today ?? todayInVietnam();
  const dates = [
    { date: dayBefore(reformDate), label: 'before the reform' },
    { date: reformDate, label: 'two-tier model' },
    { date: today, label: 'today' },
  ];
  const inForce = await Promise.all(
    dates.map(async ({ date, label }) => ({ date, label, counts: await countInForce(db, date) })),
  );

  const verbRows = await db
    .select({
      kind: importDefects.kind,
      verb: sql<string>`split_part(${importDefects.action}, ':', 1)`,
      count: sql<number>`count(*)::int`,
    })
    .from(importDefects)
    .where(eq(importDefects.runId, run.id))
    .groupBy(importDefects.kind, sql`2`)
    .orderBy(importDefects.kind);
  const exampleRows = await selectRows<Record<string, string>>(
    db,
    sql`
    SELECT kind, source, record_key, detail, action FROM (
      SELECT *, row_number() OVER (PARTITION BY kind ORDER BY id) AS position
      FROM ${importDefects} WHERE run_id = ${run.id}
    ) AS numbered WHERE position <= 3 ORDER BY kind, position`,
  );
  const groups = new Map<string, DefectGroup>();
  for (const row of verbRows) {
    const group = groups.get(row.kind) ?? { kind: row.kind, count: 0, verbs: {}, examples: [] };
    group.count += row.count;
    group.verbs[row.verb] = row.count;
    groups.set(row.kind, group);
  }
  for (const row of exampleRows) {
    groups.get(row.kind!)?.examples.push({
      source: row.source!,
      recordKey: row.record_key!,
      detail: row.detail!,
      action: row.action!,
    });
  }

  const applied = await db
    .select({
      id: changeSets.id,
      title: changeSets.title,
      resolution: changeSets.resolution,
      effectiveDate: changeSets.effectiveDate,
    })
    .from(changeSets)
    .orderBy(asc(changeSets.effectiveDate), asc(changeSets.id));

  return {
    run: {
      id: run.id,
      sources: run.sources,
      summary: run.summary as ImportSummary,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    },
    inForce,
    defects: [...groups.values()].sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
    changeSets: applied,
  };
}

const levelOrder = ['PROVINCE', 'DISTRICT', 'COMMUNE'];

/** The run's header: its sources and how long it took. */
function formatRun(run: ImportReport['run']): string[] {
  const sources = Array.isArray(run.sources)
    ? (run.sources as { name: string; version: string }[])
        .map((entry) => `${entry.name}@${entry.version}`)
        .join(', ')
    : JSON.stringify(run.sources);
  return [
    `Units import run ${run.id}: ${sources}`,
    `started ${run.startedAt.toISOString()}, finished ${run.finishedAt.toISOString()} (${
      run.finishedAt.getTime() - run.startedAt.getTime()
    } ms)`,
    '',
  ];
}

/** The table of units in force on each day, by level and type, with a total per level. */
function formatInForce(inForce: InForceCounts[]): string[] {
  const keys = new Map<string, { level: string; type: string }>();
  for (const { counts } of inForce) {
    for (const { level, type } of counts) keys.set(`${level}|${type}`, { level, type });
  }
  const ordered = [...keys.values()].sort(
    (a, b) =>
      levelOrder.indexOf(a.level) - levelOrder.indexOf(b.level) || a.type.localeCompare(b.type),
  );
  const countOf = (counts: InForceCounts['counts'], level: string, type?: string) =>
    counts
      .filter((row) => row.level === level && (type === undefined || row.type === type))
      .reduce((sum, row) => sum + row.count, 0);
  const rows: (string | number)[][] = [];
  for (const level of levelOrder) {
    const types = ordered.filter((key) => key.level === level);
    if (types.length === 0) continue;
    for (const { type } of types) {
      rows.push([level, type, ...inForce.map(({ counts }) => countOf(counts, level, type))]);
    }
    rows.push([level, '(all)', ...inForce.map(({ counts }) => countOf(counts, level))]);
  }
  return [
    'Units in force, by level and type',
    formatTable(['level', 'type', ...inForce.map(({ date, label }) => `${date} (${label})`)], rows),
    '',
  ];
}

/** The transition tables: of the reform by level, and of the early-2025 arrangements by date. */
function formatTransitions(summary: ImportSummary): string[] {
  const out = [
    `Transitions effective ${reformDate}, by level of the old unit`,
    formatTable(
      ['level', 'WHOLE', 'PART'],
      Object.entries(summary.transitions)
        .sort(([a], [b]) => levelOrder.indexOf(a) - levelOrder.indexOf(b))
        .map(([level, shares]) => [level, shares.WHOLE ?? 0, shares.PART ?? 0]),
    ),
    '',
  ];
  const early = Object.entries(summary.earlyTransitions ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  if (early.length > 0) {
    out.push(
      'Transitions of the early-2025 arrangements (from the later pre-2025 list), by date',
      formatTable(
        ['effective', 'WHOLE', 'PART'],
        early.map(([date, shares]) => [date, shares.WHOLE ?? 0, shares.PART ?? 0]),
      ),
      '',
    );
  }
  return out;
}

/** The table of source rows and what became of them, by source table. */
function formatSourceRows(summary: ImportSummary): string[] {
  return [
    'Every source row accounted for',
    formatTable(
      ['source table', 'rows', 'imported', 'corrected', 'merged', 'skipped'],
      // jsonb keeps keys in its own order; list the tables in reading order.
      Object.entries(summary.sources)
        .sort(
          ([a], [b]) =>
            sourceTables.indexOf(a as (typeof sourceTables)[number]) -
            sourceTables.indexOf(b as (typeof sourceTables)[number]),
        )
        .map(([table, counts]) => [
          table,
          counts.rows,
          counts.imported,
          counts.corrected,
          counts.merged,
          counts.skipped,
        ]),
    ),
    '(imported + corrected + merged + skipped = rows; every corrected, merged or skipped row has a defect)',
    '',
  ];
}

/** The defects by kind, with their verbs and examples. */
function formatDefects(defects: DefectGroup[]): string[] {
  const out = [`Defects by kind (${defects.reduce((sum, group) => sum + group.count, 0)} in all)`];
  for (const group of defects) {
    const verbs = Object.entries(group.verbs)
      .map(([verb, count]) => `${verb} ${count}`)
      .join(', ');
    out.push(`  ${group.kind}: ${group.count} (${verbs})`);
    for (const example of group.examples) {
      out.push(`    - [${example.source}] ${example.recordKey}: ${example.detail}`);
      out.push(`      -> ${example.action}`);
    }
  }
  out.push('');
  return out;
}

/** The change sets applied since the import, if any. */
function formatChangeSets(changeSets: ImportReport['changeSets']): string[] {
  if (changeSets.length === 0) return [];
  const out = ['Change sets applied since'];
  for (const changeSet of changeSets) {
    out.push(
      `  ${changeSet.effectiveDate} ${changeSet.id}${changeSet.resolution ? ` (${changeSet.resolution})` : ''}: ${changeSet.title}`,
    );
  }
  out.push('');
  return out;
}

/** Renders the import report as plain text. */
export function formatImportReport(report: ImportReport): string {
  const { run } = report;
  return [
    ...formatRun(run),
    ...formatInForce(report.inForce),
    ...formatTransitions(run.summary),
    ...formatSourceRows(run.summary),
    ...formatDefects(report.defects),
    ...formatChangeSets(report.changeSets),
  ].join('\n');
}
