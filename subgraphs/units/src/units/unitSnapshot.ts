import { foldForSearch } from '@home-affairs/graphql';
import type { AdministrativeUnitRow, UnitTransitionRow } from '../db/schema.ts';
import { LineageIndex } from '../lineage/lineageIndex.ts';
import type { UnitFilter, UnitType } from './queries.ts';
import { isInForce, toUnitNode, type UnitNode } from './unitNode.ts';

/** Days whose nodes a snapshot keeps built (today, and a few `asOf` days asked for). */
const nodeDaysKept = 8;

/** Code order, as the database sorts codes (digits only, so character order). */
function byCode(left: AdministrativeUnitRow, right: AdministrativeUnitRow): number {
  return left.code < right.code ? -1 : left.code > right.code ? 1 : 0;
}

/** Oldest first: a version with no start date predates every dated one. */
function byValidFrom(left: AdministrativeUnitRow, right: AdministrativeUnitRow): number {
  if (left.validFrom === right.validFrom) return 0;
  if (left.validFrom === null) return -1;
  if (right.validFrom === null) return 1;
  return left.validFrom < right.validFrom ? -1 : 1;
}

/** Whether a version matches a list filter (the SQL conditions of `findUnitPage`, in memory). */
function matcher(filter: UnitFilter): (row: AdministrativeUnitRow) => boolean {
  const { level, type, parentCode, provinceCode } = filter;
  const search = filter.search?.trim() ?? '';
  const byDigits = /^\d+$/.test(search);
  const folded = search && !byDigits ? foldForSearch(search) : '';
  return (row) =>
    (!level || row.level === level) &&
    (!type || row.type === type) &&
    (!parentCode || row.parentCode === parentCode) &&
    (!provinceCode || row.provinceCode === provinceCode) &&
    (!search || (byDigits ? row.code.startsWith(search) : row.searchKey.includes(folded)));
}

/**
 * Every unit version of one revision of the unit history, indexed in memory, answering what the
 * SQL statements of queries.ts answer (same order, same paging) without a database round trip.
 * Immutable once built: a request reads one snapshot throughout, and a write makes a new one
 * (unitSnapshotCache). Nodes are built once per version and day and shared by the requests.
 */
export class UnitSnapshot {
  /** All versions, in code order, oldest version of a code first. */
  private readonly rows: AdministrativeUnitRow[];
  private readonly versionsOf = new Map<string, AdministrativeUnitRow[]>();
  private readonly childrenOf = new Map<string, AdministrativeUnitRow[]>();
  private readonly nodesByDay = new Map<string, Map<AdministrativeUnitRow, UnitNode>>();
  private lineageIndex: Promise<LineageIndex> | undefined;

  constructor(
    /** The history revision it was read at (`historyRevision`). */
    readonly revision: string,
    rows: AdministrativeUnitRow[],
    /** Reads the lineage links, on the first call of `lineage()` (none: no links). */
    private readonly readLinks: () => Promise<UnitTransitionRow[]> = async () => [],
  ) {
    this.rows = [...rows].sort((left, right) => byCode(left, right) || byValidFrom(left, right));
    for (const row of this.rows) {
      const versions = this.versionsOf.get(row.code);
      if (versions) versions.push(row);
      else this.versionsOf.set(row.code, [row]);
      if (row.parentCode !== null) {
        const children = this.childrenOf.get(row.parentCode);
        if (children) children.push(row);
        else this.childrenOf.set(row.parentCode, [row]);
      }
    }
  }

  /** Every version of `code`, oldest first (findVersions). */
  versions(code: string): AdministrativeUnitRow[] {
    return this.versionsOf.get(code) ?? [];
  }

  /**
   * The version of `code` in force on `asOf`, or else the last one that ended before it; null for
   * a code that did not exist yet (findLatestVersions).
   */
  latestVersion(code: string, asOf: string): AdministrativeUnitRow | null {
    const versions = this.versionsOf.get(code);
    if (!versions) return null;
    let latest: AdministrativeUnitRow | null = null;
    for (const version of versions) {
      if (version.validFrom === null || version.validFrom <= asOf) latest = version;
      else break;
    }
    return latest;
  }

  /**
   * One page of the versions in force on `asOf` that match `filter`, in code order, after code
   * `after`, `first + 1` rows at most (to tell a next page), with the count of all matches
   * (findUnitPage).
   */
  page(filter: UnitFilter, asOf: string, first: number, after: string | undefined) {
    const matches = matcher(filter);
    const source =
      filter.parentCode != null ? (this.childrenOf.get(filter.parentCode) ?? []) : this.rows;
    const rows: AdministrativeUnitRow[] = [];
    let totalCount = 0;
    for (const row of source) {
      if (!isInForce(row, asOf) || !matches(row)) continue;
      totalCount += 1;
      if ((after === undefined || row.code > after) && rows.length <= first) rows.push(row);
    }
    return { rows, totalCount };
  }

  /**
   * The first `first + 1` children of `parentCode` in force on `asOf` (of `type` when given), in
   * code order, with the number of such children (findFirstChildren).
   */
  firstChildren(parentCode: string, asOf: string, type: UnitType | null, first: number) {
    return this.page({ parentCode, type }, asOf, first, undefined);
  }

  /**
   * The lineage links, indexed (LineageIndex): read once, when first asked for, so a snapshot
   * serves lists without reading them. Read after the revision like the versions, so never older
   * than it (unitSnapshotCache); a failed read is tried again by the next call.
   */
  lineage(): Promise<LineageIndex> {
    if (!this.lineageIndex) {
      const index = this.readLinks().then((links) => new LineageIndex(links));
      this.lineageIndex = index;
      index.catch(() => {
        if (this.lineageIndex === index) this.lineageIndex = undefined;
      });
    }
    return this.lineageIndex;
  }

  /** The node of `row` as served for `day`, built once per snapshot and day. */
  node(row: AdministrativeUnitRow, day: string): UnitNode {
    let nodes = this.nodesByDay.get(day);
    if (!nodes) {
      if (this.nodesByDay.size >= nodeDaysKept) {
        this.nodesByDay.delete(this.nodesByDay.keys().next().value!);
      }
      nodes = new Map();
      this.nodesByDay.set(day, nodes);
    }
    let node = nodes.get(row);
    if (!node) {
      node = toUnitNode(row, day, this);
      nodes.set(row, node);
    }
    return node;
  }
}
