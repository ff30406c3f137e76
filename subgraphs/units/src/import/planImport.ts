import { reformDate } from '@home-affairs/graphql';
import { assignOfficialCodes } from './assignOfficialCodes.ts';
import { ImportLedger, type OutcomeCounts, type PlannedDefect } from './ImportLedger.ts';
import { planEarlyLineage } from './planEarlyLineage.ts';
import { type PlannedTransition, planTransitions } from './planTransitions.ts';
import { allPlannedUnits, type PlannedUnit, planUnits } from './planUnits.ts';
import type { ProvinceArrangement } from './provinceArrangement.ts';
import type { SourceData, SourcePackage } from './readSources.ts';
import { reconcilePre2025 } from './reconcilePre2025.ts';

/** Version counts by level and type, for one date. */
export type LevelTypeCounts = Record<string, Record<string, number>>;

/** What an import wrote and found, as stored in `import_runs.summary`. */
export interface ImportSummary {
  /** Versions in force before 1 July 2025 and from that day, by level and type. */
  versions: { pre2025: LevelTypeCounts; from2025: LevelTypeCounts };
  /** Transitions of 1 July 2025 by the level of the predecessor and share. */
  transitions: LevelTypeCounts;
  /** Transitions of the early-2025 arrangements, by effective date and share. */
  earlyTransitions?: LevelTypeCounts;
  /** Rows per source table and what became of them. */
  sources: Record<string, OutcomeCounts>;
  /** Defects per kind. */
  defects: Record<string, number>;
}

/** Everything one import will write, computed without touching the database. */
export interface ImportPlan {
  packages: SourcePackage[];
  units: PlannedUnit[];
  transitions: PlannedTransition[];
  defects: PlannedDefect[];
  summary: ImportSummary;
}

function countBy<T>(rows: T[], outer: (row: T) => string, inner: (row: T) => string) {
  const counts: LevelTypeCounts = {};
  for (const row of rows) {
    const group = counts[outer(row)] ?? {};
    group[inner(row)] = (group[inner(row)] ?? 0) + 1;
    counts[outer(row)] = group;
  }
  return counts;
}

/**
 * Reconciles both packages into unit versions, transitions and defects. Pure: the same sources
 * always give the same plan, so it can be tested without a database.
 */
export function planImport(
  sources: SourceData,
  options: {
    /** @default Resolution 202/2025/QH15 (`provinceArrangement`) */
    arrangement?: ProvinceArrangement;
  } = {},
): ImportPlan {
  const ledger = new ImportLedger();
  const planned = planUnits(sources, ledger);
  const districtsBefore = new Map(planned.districtsPre2025);
  // From here on the pre-2025 maps hold the state of 30 June 2025 that the mapping describes.
  const reconciliation = sources.pre2025Update
    ? reconcilePre2025(planned, sources.pre2025Update, ledger)
    : { superseded: [], changes: [] };
  const reformTransitions = assignOfficialCodes(
    planned,
    planTransitions(sources, planned, ledger, options.arrangement),
    ledger,
  );
  const transitions = [
    ...reformTransitions,
    ...planEarlyLineage(
      planned,
      reconciliation,
      sources.wardMappings,
      reformTransitions,
      districtsBefore,
      ledger,
    ),
  ];
  const units = [...reconciliation.superseded, ...allPlannedUnits(planned)];

  const isPre2025 = (unit: PlannedUnit) => !unit.validFrom || unit.validFrom < reformDate;
  const levelOf = new Map<string, string>();
  for (const unit of units) if (isPre2025(unit)) levelOf.set(unit.code, unit.level);

  return {
    packages: sources.packages,
    units,
    transitions,
    defects: ledger.defects,
    summary: {
      versions: {
        pre2025: countBy(
          units.filter(isPre2025),
          (unit) => unit.level,
          (unit) => unit.type,
        ),
        from2025: countBy(
          units.filter((unit) => !isPre2025(unit)),
          (unit) => unit.level,
          (unit) => unit.type,
        ),
      },
      transitions: countBy(
        transitions.filter((transition) => transition.effectiveDate === reformDate),
        (transition) => levelOf.get(transition.predecessorCode) ?? 'UNKNOWN',
        (transition) => transition.share,
      ),
      earlyTransitions: countBy(
        transitions.filter((transition) => transition.effectiveDate !== reformDate),
        (transition) => transition.effectiveDate,
        (transition) => transition.share,
      ),
      sources: ledger.counts(),
      defects: ledger.defectsByKind(),
    },
  };
}
