import { isInForce } from '../units/unitNode.ts';
import type { AddressIndex, IndexedTransition, IndexedVersion } from './addressIndex.ts';

/** A unit that carries the matched one on, on the day asked for. */
export interface CarriedOnBy {
  version: IndexedVersion;
  /** PART when some link on the way gave only part of the matched unit. */
  share: 'WHOLE' | 'PART';
}

/** Lineage chains rarely exceed a few links; this bounds a corrupt cycle. */
const maxDepth = 32;

/** One way along the lineage from a version not in force on the day asked for, towards that day. */
interface Direction {
  /** The day the version meets the next one that way: its end, or its start. */
  edge: (version: IndexedVersion) => string | null;
  /** The lineage links of each code that way. */
  links: (index: AddressIndex) => Map<string, IndexedTransition[]>;
  /** The code a link leads to. */
  linkedCode: (link: IndexedTransition) => string;
  /** Whether `other`, of the same code, continues the version across `day` when no link does. */
  continues: (other: IndexedVersion, day: string) => boolean;
  /** Whether `other`, of the linked code, is the version the link on `day` leads to. */
  linked: (other: IndexedVersion, day: string) => boolean;
}

// After its end: its successors, in force on the day of the change.
const onwards: Direction = {
  edge: (version) => version.validTo,
  links: (index) => index.successorsOf,
  linkedCode: (link) => link.successorCode,
  continues: (other, day) => other.validFrom === day,
  linked: (other, day) => isInForce(other, day),
};

// Before its start: what it was formed from, ending on the day of the change.
const backwards: Direction = {
  edge: (version) => version.validFrom,
  links: (index) => index.predecessorsOf,
  linkedCode: (link) => link.predecessorCode,
  continues: (other, day) => other.validTo === day,
  linked: (other, day) => other.validTo === day,
};

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
    const direction = current.validTo !== null && current.validTo <= asOf ? onwards : backwards;
    const day = direction.edge(current);
    if (day === null) return;
    const links = (direction.links(index).get(current.code) ?? []).filter(
      (link) => link.effectiveDate === day,
    );
    if (links.length === 0) {
      const versions = index.versionsByCode.get(current.code) ?? [];
      const next = versions.find((other) => direction.continues(other, day));
      if (next) visit(next, share, depth + 1);
      return;
    }
    for (const link of links) {
      const next = index.versionsByCode
        .get(direction.linkedCode(link))
        ?.find((other) => direction.linked(other, day));
      if (next)
        visit(next, share === 'PART' || link.share === 'PART' ? 'PART' : 'WHOLE', depth + 1);
    }
  };
  visit(version, 'WHOLE', 0);
  return [...found.values()].sort((a, b) => a.version.code.localeCompare(b.version.code));
}
