import type { Logger } from '@home-affairs/service';
import { administrativeUnits, importDefects, importRuns, unitTransitions } from '../db/schema.ts';
import type { UnitsDatabase } from '../units/queries.ts';
import { insertInChunks } from './insertInChunks.ts';
import { type ImportSummary, planImport } from './planImport.ts';
import type { ProvinceArrangement } from './provinceArrangement.ts';
import { readSources, type SourceData } from './readSources.ts';

/** What `importUnits` wrote. */
export interface ImportResult {
  runId: number;
  summary: ImportSummary;
  durationMs: number;
}

/**
 * Imports both data packages into an empty units schema in one transaction: unit versions,
 * transitions, the import run and its defects. Nothing is written unless everything is.
 */
export async function importUnits(
  db: UnitsDatabase,
  options: {
    /** The data to import; read from the installed packages when absent (tests pass a subset). */
    sources?: SourceData;
    /** @default Resolution 202/2025/QH15 */
    arrangement?: ProvinceArrangement;
    logger?: Logger;
  } = {},
): Promise<ImportResult> {
  const { logger } = options;
  const startedAt = new Date();
  let phaseStart = performance.now();
  const phaseMs = () => {
    const now = performance.now();
    const elapsed = Math.round(now - phaseStart);
    phaseStart = now;
    return elapsed;
  };

  const sources = options.sources ?? (await readSources());
  logger?.info(
    {
      packages: sources.packages.map((entry) => `${entry.name}@${entry.version}`),
      provincesPre2025: sources.provincesPre2025.length,
      districtsPre2025: sources.districtsPre2025.length,
      communesPre2025: sources.communesPre2025.length,
      provinces2025: sources.provinces2025.length,
      wards2025: sources.wards2025.length,
      wardMappings: sources.wardMappings.length,
      ms: phaseMs(),
    },
    'units import: sources read',
  );

  const plan = planImport(sources, { arrangement: options.arrangement });
  logger?.info(
    {
      versions: plan.units.length,
      transitions: plan.transitions.length,
      defects: plan.defects.length,
      ms: phaseMs(),
    },
    'units import: reconciled',
  );

  const runId = await db.transaction(async (tx) => {
    await insertInChunks(tx, administrativeUnits, plan.units);
    logger?.info({ versions: plan.units.length, ms: phaseMs() }, 'units import: versions written');
    await insertInChunks(tx, unitTransitions, plan.transitions);
    logger?.info(
      { transitions: plan.transitions.length, ms: phaseMs() },
      'units import: transitions written',
    );
    const [run] = await tx
      .insert(importRuns)
      .values({
        sources: plan.packages,
        summary: plan.summary,
        startedAt,
        finishedAt: new Date(),
      })
      .returning({ id: importRuns.id });
    await insertInChunks(
      tx,
      importDefects,
      plan.defects.map((defect) => ({ ...defect, runId: run!.id })),
    );
    logger?.info(
      { runId: run!.id, defects: plan.summary.defects, ms: phaseMs() },
      'units import: run and defects written',
    );
    return run!.id;
  });

  const durationMs = Date.now() - startedAt.getTime();
  logger?.info({ runId, durationMs }, 'units import: done');
  return { runId, summary: plan.summary, durationMs };
}
