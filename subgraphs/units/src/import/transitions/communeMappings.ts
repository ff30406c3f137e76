import type { ImportLedger } from '../ImportLedger.ts';
import type { PlannedUnits } from '../planUnits.ts';
import type { SourceData } from '../readSources.ts';
import {
  emptyMappingState,
  type MappingPair,
  type MappingState,
  mappingTable,
  readMappingRow,
} from './mappingRows.ts';
import type { NameIndexes } from './nameIndexes.ts';

/** The commune-level pairs of `ward_mappings`, and the rows that name no old unit. */
export interface CommuneMappings {
  pairs: Map<string, MappingPair>;
  noOldUnitRows: MappingState['noOldUnitRows'];
}

/**
 * Reads the commune-level transitions from `ward_mappings`: codes checked against both lists,
 * missing or wrong codes resolved by name and reported.
 */
export function readCommuneMappings(
  sources: SourceData,
  units: PlannedUnits,
  indexes: NameIndexes,
  ledger: ImportLedger,
): CommuneMappings {
  const state = emptyMappingState();
  const context = { units, indexes, ledger, state };
  sources.wardMappings.forEach((row, index) => {
    readMappingRow(context, row, index);
  });
  settleAmbiguousRows(state, ledger);
  reportNameMismatches(state, ledger);
  return { pairs: state.pairs, noOldUnitRows: state.noOldUnitRows };
}

// A name-only row that matches several old units of its district: when exactly one of them
// is carried by no other row, that one is taken (a unit cannot vanish without a successor);
// otherwise the row is skipped as ambiguous.
function settleAmbiguousRows({ pairs, ambiguousRows }: MappingState, ledger: ImportLedger) {
  const carried = new Set([...pairs.values()].map((pair) => pair.predecessor));
  for (const row of ambiguousRows) {
    const uncarried = row.candidates.filter((code) => !carried.has(code));
    const predecessor = uncarried.length === 1 ? uncarried[0]! : undefined;
    if (!predecessor || pairs.has(`${predecessor}>${row.successor}`)) {
      ledger.defect({
        source: mappingTable,
        kind: row.kind,
        recordKey: row.recordKey,
        detail: row.detail,
        verb: 'skipped',
        action: 'no transition imported',
      });
      continue;
    }
    pairs.set(`${predecessor}>${row.successor}`, {
      predecessor,
      successor: row.successor,
      byName: true,
      row: row.recordKey,
    });
    ledger.defect({
      source: mappingTable,
      kind: row.kind,
      recordKey: row.recordKey,
      detail: row.detail,
      verb: 'corrected',
      action: `predecessor resolved by name to ${predecessor}: of the candidates, the only one no other row carries`,
    });
  }
}

function reportNameMismatches({ nameMismatches }: MappingState, ledger: ImportLedger) {
  for (const level of ['district', 'province'] as const) {
    for (const mismatch of nameMismatches[level].values()) {
      ledger.defect(
        {
          source: mappingTable,
          kind: `MAPPING_${level.toUpperCase()}_NAME_MISMATCH`,
          recordKey: `${level} ${mismatch.code}`,
          detail: `${mismatch.rows} rows name ${level} ${mismatch.listed} "${mismatch.mapped}"`,
          verb: 'kept',
          action: 'the pre-2025 list name is kept; the rows are imported by code',
        },
        { affectsRow: false },
      );
    }
  }
}
