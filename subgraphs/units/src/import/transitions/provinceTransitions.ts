import { reformDate } from '@home-affairs/graphql';
import type { NewUnitTransition } from '../../db/schema.ts';
import type { ImportLedger } from '../ImportLedger.ts';
import { matchKey as foldMatch } from '../parseUnitName.ts';
import type { PlannedUnits } from '../planUnits.ts';
import { type ProvinceArrangement, provinceResolution } from '../provinceArrangement.ts';
import { reportWithoutSuccessor } from './inferTransitions.ts';
import { type NameIndexes, push, unique } from './nameIndexes.ts';

/** How a province-level transition is sourced in `unit_transitions.source`. */
export const provinceArrangementSource = `Resolution ${provinceResolution}, checked against ward_mappings`;

/** Resolves the names of the province arrangement to [old code, new code] pairs. */
export function resolveArrangement(
  arrangement: ProvinceArrangement,
  units: PlannedUnits,
  indexes: NameIndexes,
  ledger: ImportLedger,
): [string, string][] {
  const pairs: [string, string][] = [];
  for (const entry of arrangement) {
    const newCode = unique(indexes.newProvincesByKey.get(foldMatch(entry.name)));
    if (!newCode) {
      ledger.defect({
        source: 'importer',
        kind: 'PROVINCE_ARRANGEMENT_UNRESOLVED',
        recordKey: entry.name,
        detail: `no single 2025 province is named ${entry.name}`,
        verb: 'skipped',
        action: 'no province-level transitions into it',
      });
      continue;
    }
    for (const oldName of entry.from) {
      const oldCode = unique(indexes.oldProvincesByKey.get(foldMatch(oldName)));
      if (!oldCode) {
        ledger.defect({
          source: 'importer',
          kind: 'PROVINCE_ARRANGEMENT_UNRESOLVED',
          recordKey: oldName,
          detail: `no single pre-2025 province is named ${oldName}`,
          verb: 'skipped',
          action: `no province-level transition into ${newCode}`,
        });
        continue;
      }
      pairs.push([oldCode, newCode]);
    }
  }
  const arrangedOld = new Set(pairs.map(([oldCode]) => oldCode));
  reportWithoutSuccessor(
    ledger,
    'vietnam-provinces-js/provinces',
    units.provincesPre2025.values(),
    arrangedOld,
    (province) => `${province.fullName} is not named in Resolution ${provinceResolution}`,
  );
  return pairs;
}

/**
 * The province-level transitions of the arrangement, checked against the province pairs the
 * commune-level transitions imply.
 */
export function planProvinceTransitions(
  provincePairs: [string, string][],
  lowerTransitions: NewUnitTransition[],
  units: PlannedUnits,
  ledger: ImportLedger,
): NewUnitTransition[] {
  const implied = new Map<string, number>();
  for (const transition of lowerTransitions) {
    const from =
      units.communesPre2025.get(transition.predecessorCode) ??
      units.districtsPre2025.get(transition.predecessorCode);
    const to = units.wards2025.get(transition.successorCode);
    if (!from || !to) continue;
    const key = `${from.provinceCode}>${to.provinceCode}`;
    implied.set(key, (implied.get(key) ?? 0) + 1);
  }
  const newProvincesOf = new Map<string, string[]>();
  for (const [oldCode, newCode] of provincePairs) push(newProvincesOf, oldCode, newCode);
  const provinceTransitions: NewUnitTransition[] = provincePairs.map(([oldCode, newCode]) => ({
    predecessorCode: oldCode,
    successorCode: newCode,
    effectiveDate: reformDate,
    share: (newProvincesOf.get(oldCode)?.length ?? 0) > 1 ? 'PART' : 'WHOLE',
    resolution: provinceResolution,
    source: provinceArrangementSource,
  }));
  const arranged = new Set(provincePairs.map(([oldCode, newCode]) => `${oldCode}>${newCode}`));
  for (const [key, count] of implied) {
    if (arranged.has(key)) continue;
    ledger.defect({
      source: 'importer',
      kind: 'PROVINCE_LINEAGE_MISMATCH',
      recordKey: key.replace('>', ' -> '),
      detail: `${count} commune-level transitions lead from province ${key.split('>')[0]} to ${key.split('>')[1]}, which Resolution ${provinceResolution} does not join`,
      verb: 'kept',
      action: 'commune-level transitions kept; province lineage follows the resolution',
    });
  }
  for (const key of arranged) {
    if (implied.has(key)) continue;
    ledger.defect({
      source: 'importer',
      kind: 'PROVINCE_LINEAGE_UNSUPPORTED',
      recordKey: key.replace('>', ' -> '),
      detail: 'no commune-level transition supports this province transition',
      verb: 'kept',
      action: 'imported from the resolution',
    });
  }
  return provinceTransitions;
}
