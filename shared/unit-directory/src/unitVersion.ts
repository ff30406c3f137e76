/** Tier of an administrative unit, as the units subgraph names it. */
export type DirectoryLevel = 'PROVINCE' | 'DISTRICT' | 'COMMUNE';

/**
 * One version of an administrative unit as the units subgraph's public contract gives it, in the
 * directory of a day and on either side of a feed entry. The units subgraph, which writes them,
 * narrows `Level` and `Type` to its own enums.
 */
export interface UnitVersion<Level extends string = DirectoryLevel, Type extends string = string> {
  level: Level;
  /** `AdministrativeUnitType` value, e.g. `WARD`, `COMMUNE`, `PROVINCE`. */
  type: Type;
  /** Name without the type word, e.g. `Nghệ An`. */
  name: string;
  /** Official name with the type word, e.g. `Tỉnh Nghệ An`. */
  fullName: string;
  /** The unit directly above (a district before July 2025, a province after); null for a province. */
  parentCode: string | null;
  /** The province the unit belonged to (itself for a province). */
  provinceCode: string;
  validFrom: string | null;
  /** Null while in force. */
  validTo: string | null;
}

/** A lineage link of a feed entry (the feed's `UnitChangeLink`). */
export interface UnitChangeLink {
  code: string;
  provinceCode: string | null;
  share: 'WHOLE' | 'PART';
  resolution: string | null;
}
