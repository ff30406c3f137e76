import catalogue from './procedureCatalogue.json' with { type: 'json' };

/** A field (lĩnh vực) of home-affairs procedures. */
export interface CatalogueField {
  code: string;
  name: string;
  ministryCode: string;
}

/**
 * Where a procedure is implemented: `C` commune people's committee, `D` district people's
 * committee, `P` provincial Department of Home Affairs, `U` provincial people's committee,
 * `M` the Ministry of Home Affairs. `D>C` and `D>P`: district level until 2025-06-30, then commune
 * or province under the two-tier model (Decree 128/2025/ND-CP on decentralisation in home affairs).
 */
export type LevelSpec = 'C' | 'D' | 'P' | 'U' | 'M' | 'D>C' | 'D>P';

/** One procedure of the demo catalogue: a real name, generated particulars. */
export interface CatalogueProcedure {
  name: string;
  field: string;
  levels: LevelSpec[];
  processingDays: number;
  feeVnd: number;
  online: 'FULL' | 'PARTIAL' | 'NONE';
  legalBasis: string;
  /** Relative volume of dossiers (generated). */
  weight: number;
  /** A dated status change after publication, if any. */
  change?: { on: string; status: 'AMENDED' | 'SIMPLIFIED' | 'ABOLISHED'; decision: string };
}

/**
 * The data file: the fields, then the procedures in sections by subject (their titles say which),
 * each with its legal basis (a law or decree) and, for a procedure changed after publication, the
 * decision that changed it.
 */
interface CatalogueFile {
  fields: CatalogueField[];
  sections: { title: string; procedures: CatalogueProcedure[] }[];
}

const levelSpecs: readonly string[] = ['C', 'D', 'P', 'U', 'M', 'D>C', 'D>P'];
const onlineValues: readonly string[] = ['FULL', 'PARTIAL', 'NONE'];
const changeStatuses: readonly string[] = ['AMENDED', 'SIMPLIFIED', 'ABOLISHED'];

const isText = (value: unknown) => typeof value === 'string' && value !== '';
const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;

/** The problems of one procedure row of the data file, as text; none when it is well formed. */
function procedureProblems(row: CatalogueProcedure, fieldCodes: Set<string>): string[] {
  const { change } = row;
  return [
    !isText(row.name) && 'name is not a text',
    !fieldCodes.has(row.field) && `field ${row.field} is not in fields`,
    (!Array.isArray(row.levels) || !row.levels.every((level) => levelSpecs.includes(level))) &&
      `levels ${JSON.stringify(row.levels)} are not all of ${levelSpecs.join(' ')}`,
    !(isCount(row.processingDays) && row.processingDays > 0) && 'processingDays is not positive',
    !isCount(row.feeVnd) && 'feeVnd is not a whole number of đồng',
    !onlineValues.includes(row.online) && `online ${row.online} is not one of ${onlineValues}`,
    !isText(row.legalBasis) && 'legalBasis is not a text',
    !(isCount(row.weight) && row.weight > 0) && 'weight is not positive',
    change !== undefined &&
      !(
        /^\d{4}-\d{2}-\d{2}$/u.test(change.on) &&
        changeStatuses.includes(change.status) &&
        isText(change.decision)
      ) &&
      `change ${JSON.stringify(change)} is not { on: YYYY-MM-DD, status, decision }`,
  ].filter((problem): problem is string => problem !== false);
}

/** Checks the data file's rows against the types above; throws naming every bad row. */
function loadCatalogue(file: CatalogueFile): CatalogueFile {
  const problems = file.fields
    .filter((field) => !(isText(field.code) && isText(field.name) && isText(field.ministryCode)))
    .map((field) => `field ${JSON.stringify(field)}: code, name and ministryCode are texts`);
  const fieldCodes = new Set(file.fields.map((field) => field.code));
  for (const { title, procedures } of file.sections) {
    for (const [index, row] of procedures.entries()) {
      for (const problem of procedureProblems(row, fieldCodes)) {
        problems.push(`${title} #${index + 1} (${row.name}): ${problem}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`procedureCatalogue.json is not a catalogue:\n${problems.join('\n')}`);
  }
  return file;
}

const checked = loadCatalogue(catalogue as unknown as CatalogueFile);

/** Fields of the Ministry of Home Affairs (since 1 March 2025 with labour and social affairs). */
export const catalogueFields: CatalogueField[] = checked.fields;

/** The demo catalogue: names of real home-affairs procedures; codes and particulars generated. */
export const catalogueProcedures: CatalogueProcedure[] = checked.sections.flatMap(
  (section) => section.procedures,
);
