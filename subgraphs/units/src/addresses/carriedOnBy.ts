import { isInForce } from '../units/unitNode.ts';
import type { AddressIndex, IndexedVersion } from './addressIndex.ts';

/** A unit that carries the matched one on, on the day asked for. */
export interface CarriedOnBy {
  version: IndexedVersion;
  /** PART when some link on the way gave only part of the matched unit. */
  share: 'WHOLE' | 'PART';
}

/** Lineage chains rarely exceed a few links; this bounds a corrupt cycle. */
const maxDepth = 32;

/**
 * The versions in force on `asOf` that carry `version` on: itself while in force; after its end,
 * its successors (followed through every later change, PART once any link is PART; a version
 * closed without links continues under its code); before its start, the units it was formed from.
 */
export function carriedOnBy(
  index: AddressIndex,
  version: IndexedVersion,
  asOf: string,
): CarriedOnBy[] {
  const found = new Map<number, CarriedOnBy>();
  const visit = (current: IndexedVersion, share: 'WHOLE' | 'PART', depth: number) => {
    if (depth > maxDepth) return;
    if (isInForce(current, asOf)) {
      const earlier = found.get(current.id);
      if (!earlier || (earlier.share === 'PART' && share === 'WHOLE')) {
        found.set(current.id, { version: current, share });
      }
      return;
    }
    const versions = index.versionsByCode.get(current.code) ?? [];
    if (current.validTo !== null && current.validTo <= asOf) {
      const links = (index.successorsOf.get(current.code) ?? []).filter(
        (link) => link.effectiveDate === current.validTo,
      );
      if (links.length === 0) {
        const next = versions.find((other) => other.validFrom === current.validTo);
        if (next) visit(next, share, depth + 1);
        return;
      }
      for (const link of links) {
        const next = index.versionsByCode
          .get(link.successorCode)
          ?.find((other) => isInForce(other, link.effectiveDate));
        if (next)
          visit(next, share === 'PART' || link.share === 'PART' ? 'PART' : 'WHOLE', depth + 1);
      }
      return;
    }
    // Not yet in force on asOf: what it was formed from.
    if (current.validFrom === null) return;
    const links = (index.predecessorsOf.get(current.code) ?? []).filter(
      (link) => link.effectiveDate === current.validFrom,
    );
    if (links.length === 0) {
      const previous = versions.find((other) => other.validTo === current.validFrom);
      if (previous) visit(previous, share, depth + 1);
      return;
    }
    for (const link of links) {
      const previous = index.versionsByCode
        .get(link.predecessorCode)
        ?.find((other) => other.validTo === link.effectiveDate);
      if (previous) visit(previous, link.share === 'PART' ? 'PART' : share, depth + 1);
    }
  };
  visit(version, 'WHOLE', 0);
  return [...found.values()].sort((a, b) => a.version.code.localeCompare(b.version.code));
}
