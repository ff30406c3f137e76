import { reformDate } from '@home-affairs/graphql';
import type { ImportLedger } from './ImportLedger.ts';
import { nameKey, normalizeText } from './parseUnitName.ts';
import type { PlannedTransition } from './planTransitions.ts';
import type { PlannedUnit, PlannedUnits } from './planUnits.ts';
import type { SourceWardMapping } from './readSources.ts';
import type { EarlyChange, Pre2025Reconciliation } from './reconcilePre2025.ts';

/** Where an early-2025 link came from, as written to `unit_transitions.source`. */
export const earlyLineageSources = {
  nameTakenOver: 'inferred:name taken over in the same district (importer)',
  mappingRow: 'inferred:ward_mappings row naming the old unit (importer)',
} as const;

/** "Qui" and "Quy" are two spellings of one syllable ("Xã Qui Hướng" / "Xã Quy Hướng"). */
function evidenceKey(text: string): string {
  return nameKey(text).replace(/\bqui\b/gu, 'quy');
}

/** What the sources say about the early-2025 communes, read once for every absent commune. */
interface Evidence {
  units: PlannedUnits;
  /**
   * The mapping rows by the evidenceKey of the old ward they name, in source order: folded once
   * rather than all 10,977 again for each absent commune (about 1 s of an import's CPU).
   */
  mappingsByOldWard: ReadonlyMap<string, readonly SourceWardMapping[]>;
  districtsBefore: ReadonlyMap<string, PlannedUnit>;
  /** The 2025 successors of each pre-2025 unit, by its code. */
  reformSuccessors: Map<string, Set<string>>;
  /** The communes that changed or appeared in early 2025, by code. */
  changedOn: Map<string, EarlyChange>;
  /** The 2025 successor a mapping row names, if one can be told. */
  successorOf: (row: SourceWardMapping) => string | undefined;
}

/** The unit an absent commune went into, with why and under which source. */
interface Choice {
  chosen: PlannedUnit;
  evidence: string;
  source: string;
}

/** The 2025 successors of each pre-2025 unit, by its code, from the reform's transitions. */
function reformSuccessorsOf(transitions: readonly PlannedTransition[]): Map<string, Set<string>> {
  const reformSuccessors = new Map<string, Set<string>>();
  for (const transition of transitions) {
    if (transition.effectiveDate !== reformDate) continue;
    const successors = reformSuccessors.get(transition.predecessorCode) ?? new Set();
    successors.add(transition.successorCode);
    reformSuccessors.set(transition.predecessorCode, successors);
  }
  return reformSuccessors;
}

/** Finds the 2025 successor a mapping row names, by its code when the name agrees, else by name. */
function successorFinder(units: PlannedUnits): Evidence['successorOf'] {
  const wardsByName = new Map<string, PlannedUnit[]>();
  for (const ward of units.wards2025.values()) {
    const key = `${ward.provinceCode}|${nameKey(ward.fullName)}`;
    wardsByName.set(key, [...(wardsByName.get(key) ?? []), ward]);
  }
  const provinces2025 = new Map(
    [...units.provinces2025.values()].map((unit) => [nameKey(unit.fullName), unit.code]),
  );
  return (row: SourceWardMapping): string | undefined => {
    const name = normalizeText(row.new_ward_name ?? '');
    const code = (row.new_ward_code ?? '').trim().padStart(5, '0');
    const listed = units.wards2025.get(code);
    if (listed && nameKey(listed.fullName) === nameKey(name)) return code;
    const province = provinces2025.get(nameKey(normalizeText(row.new_province_name ?? '')));
    const named = wardsByName.get(`${province}|${nameKey(name)}`) ?? [];
    return named.length === 1 ? named[0]!.code : undefined;
  };
}

/** The one same-day unit the mapping rows naming `gone` send to a 2025 successor of its own. */
function chooseByMappingRow(
  evidence: Evidence,
  change: EarlyChange,
  gone: PlannedUnit,
  sameDay: EarlyChange[],
): Choice | undefined {
  const { units, districtsBefore, reformSuccessors } = evidence;
  // The rows name the district as either list does ("Huyện Mộc Châu", "Thị xã Mộc Châu").
  const districtNames = [
    districtsBefore.get(gone.parentCode ?? ''),
    units.districtsPre2025.get(gone.parentCode ?? ''),
  ].flatMap((district) => (district ? [nameKey(district.fullName)] : []));
  const rows = (evidence.mappingsByOldWard.get(evidenceKey(gone.fullName)) ?? []).filter((row) =>
    districtNames.includes(nameKey(normalizeText(row.old_district_name ?? ''))),
  );
  const named = [...new Set(rows.map(evidence.successorOf).filter((code) => code !== undefined))];
  let receivers = sameDay.filter((candidate) =>
    named.some((code) => reformSuccessors.get(candidate.code)?.has(code)),
  );
  // Several went there: the one whose code the 2025 unit kept is the one that absorbed it.
  if (receivers.length > 1) {
    const sameCode = receivers.filter((candidate) => named.includes(candidate.code));
    if (sameCode.length === 1) receivers = sameCode;
  }
  if (named.length === 0 || receivers.length !== 1) return undefined;
  // A commune that changed or appeared on that day has its version from the change.
  const chosen = receivers[0]!.after as PlannedUnit;
  return {
    chosen,
    source: earlyLineageSources.mappingRow,
    evidence: `ward_mappings ${rows.map((row) => `row ${row.id}`).join(', ')} sends ${gone.fullName} to ${named.join(', ')} in 2025; of the units of its district that changed on ${change.date}, only ${chosen.code} ${chosen.fullName} goes there`,
  };
}

/** The unit of its district that took over an absent commune: by its name, else by mapping row. */
function chooseSuccessor(
  evidence: Evidence,
  change: EarlyChange,
  gone: PlannedUnit,
): Choice | undefined {
  const sameDay = [...evidence.changedOn.values()].filter(
    (candidate) =>
      candidate.date === change.date && candidate.after?.parentCode === gone.parentCode,
  );
  const namesakes = sameDay.filter(
    (candidate) => nameKey(candidate.after!.fullName) === nameKey(gone.fullName),
  );
  if (namesakes.length !== 1) return chooseByMappingRow(evidence, change, gone, sameDay);
  const namesake = namesakes[0]!;
  const chosen = namesake.after as PlannedUnit;
  return {
    chosen,
    source: earlyLineageSources.nameTakenOver,
    evidence: `${chosen.code} ${namesake.before ? `was renamed ${chosen.fullName}` : `${chosen.fullName} appeared`} on ${change.date} in the same district`,
  };
}

/** Records the lineage link of an absent commune, or that it has none. */
function linkAbsentCommune(
  evidence: Evidence,
  change: EarlyChange,
  gone: PlannedUnit,
  ledger: ImportLedger,
): PlannedTransition | undefined {
  const choice = chooseSuccessor(evidence, change, gone);
  if (!choice) {
    ledger.defect({
      source: 'importer',
      kind: 'UNIT_WITHOUT_SUCCESSOR',
      recordKey: gone.code,
      detail: `${gone.fullName} (district ${gone.parentCode}) ends on ${change.date}; no unit of its district took its name, and no ward_mappings row names it with a successor that one of them shares`,
      verb: 'kept',
      action: 'imported without lineage: no evidence in the sources',
    });
    return undefined;
  }
  const { chosen, source } = choice;
  ledger.defect({
    source: 'importer',
    kind: 'EARLY_TRANSITION_INFERRED',
    recordKey: `${gone.code}>${chosen.code}`,
    detail: `${gone.fullName} ends on ${change.date}; ${choice.evidence}`,
    verb: 'inferred',
    action: `WHOLE transition ${gone.code} -> ${chosen.code} on ${change.date}, source "${source}"`,
  });
  return {
    predecessorCode: gone.code,
    successorCode: chosen.code,
    effectiveDate: change.date,
    share: 'WHOLE',
    resolution: null,
    source,
  };
}

/**
 * Plans the lineage of the early-2025 arrangements that the later pre-2025 list reveals: for
 * each commune it no longer has (G, ended on day D), a WHOLE link G -> X on D where the evidence
 * in the sources singles out one unit X of G's district that changed or appeared on D:
 *
 * 1. X took G's name (type word aside): Thị trấn Yên Châu 04060 ends and 04075 becomes Thị trấn
 *    Yên Châu; Phường 14 26935 ends and 26929 Phường 14 appears;
 * 2. a `ward_mappings` row names G (by name, in G's district) with a 2025 successor S, and X is
 *    the only such unit whose own 2025 successors include S (or, of several, the only one whose
 *    code S kept).
 *
 * A unit that continues under its code and received others also gets X -> X on D, so that its
 * version from D shows them as predecessors. A commune with no such evidence keeps no successor
 * (UNIT_WITHOUT_SUCCESSOR). Rows of `ward_mappings` are only read as evidence here: their own
 * outcome was decided by the transition planner.
 */
export function planEarlyLineage(
  units: PlannedUnits,
  reconciliation: Pre2025Reconciliation,
  wardMappings: readonly SourceWardMapping[],
  transitions: readonly PlannedTransition[],
  districtsBefore: ReadonlyMap<string, PlannedUnit>,
  ledger: ImportLedger,
): PlannedTransition[] {
  const changedOn = new Map<string, EarlyChange>();
  for (const change of reconciliation.changes) {
    if (change.level === 'COMMUNE' && change.kind !== 'absent') changedOn.set(change.code, change);
  }
  const mappingsByOldWard = new Map<string, SourceWardMapping[]>();
  for (const row of wardMappings) {
    const key = evidenceKey(normalizeText(row.old_ward_name ?? ''));
    const rows = mappingsByOldWard.get(key);
    if (rows) rows.push(row);
    else mappingsByOldWard.set(key, [row]);
  }
  const evidence: Evidence = {
    units,
    mappingsByOldWard,
    districtsBefore,
    reformSuccessors: reformSuccessorsOf(transitions),
    changedOn,
    successorOf: successorFinder(units),
  };

  const planned: PlannedTransition[] = [];
  const continuing = new Map<string, string>();
  for (const change of reconciliation.changes) {
    if (change.kind !== 'absent' || change.level !== 'COMMUNE' || !change.before) continue;
    const link = linkAbsentCommune(evidence, change, change.before, ledger);
    if (!link) continue;
    planned.push(link);
    if (changedOn.get(link.successorCode)?.before) continuing.set(link.successorCode, change.date);
  }
  for (const [code, date] of continuing) {
    planned.push({
      predecessorCode: code,
      successorCode: code,
      effectiveDate: date,
      share: 'WHOLE',
      resolution: null,
      source: earlyLineageSources.nameTakenOver.replace(
        'name taken over',
        'continues under its code',
      ),
    });
  }
  return planned;
}
