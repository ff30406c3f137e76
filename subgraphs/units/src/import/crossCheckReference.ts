import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dayBefore, foldForSearch, reformDate } from '@home-affairs/graphql';
import { and, eq } from 'drizzle-orm';
import { administrativeUnits, unitTransitions } from '../db/schema.ts';
import { inForceOn, type UnitLevel, type UnitsDatabase, type UnitType } from '../units/queries.ts';
import { formatTable } from './formatTable.ts';
import { parseCsv } from './parseCsv.ts';

/** matched out of total, for one comparison. */
export interface Agreement {
  label: string;
  matched: number;
  total: number;
}

/** The comparison of one list or map with the reference. */
export interface CrossCheckSection {
  title: string;
  figures: Agreement[];
  /** A few examples of each kind of disagreement. */
  disagreements: string[];
}

/** The whole cross-check against the reference folder. */
export interface CrossCheckResult {
  folder: string;
  sections: CrossCheckSection[];
}

// The reference's `type` column (see its SOURCES.md) for each of our types.
const referenceType: Record<UnitType, string> = {
  CENTRALLY_RUN_CITY: 'thanh_pho_truc_thuoc_trung_uong',
  PROVINCE: 'tinh',
  URBAN_DISTRICT: 'quan',
  RURAL_DISTRICT: 'huyen',
  DISTRICT_LEVEL_TOWN: 'thi_xa',
  PROVINCIAL_CITY: 'thanh_pho_thuoc_tinh',
  MUNICIPAL_CITY: 'thanh_pho_thuoc_thanh_pho_truc_thuoc_trung_uong',
  WARD: 'phuong',
  COMMUNE: 'xa',
  COMMUNE_LEVEL_TOWN: 'thi_tran',
  SPECIAL_ZONE: 'dac_khu',
};

const referenceShare: Record<string, string> = { full: 'WHOLE', partial: 'PART' };

const examplesPerKind = 5;

function examples(label: string, items: string[]): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, examplesPerKind).join('; ');
  return [`${label} (${items.length}): ${shown}${items.length > examplesPerKind ? '; ...' : ''}`];
}

/** How far the keys (`codes`, `pairs`) of our list and of the reference cover each other. */
function coverage(
  keys: string,
  counts: { matched: number; reference: number; ours: number; extra: string[] },
): Agreement[] {
  return [
    {
      label: `${keys} (reference ${keys} we have)`,
      matched: counts.matched,
      total: counts.reference,
    },
    {
      label: `${keys} (our ${keys} the reference has)`,
      matched: counts.ours - counts.extra.length,
      total: counts.ours,
    },
  ];
}

async function readReference(folder: string, file: string) {
  return parseCsv(await readFile(join(folder, file), 'utf8'));
}

interface Unit {
  code: string;
  type: UnitType;
  fullName: string;
}

function compareList(
  title: string,
  ours: Unit[],
  reference: Record<string, string>[],
): CrossCheckSection {
  const oursByCode = new Map(ours.map((unit) => [unit.code, unit]));
  const referenceCodes = new Set(reference.map((row) => row.code!));
  const missing: string[] = [];
  const nameExact: string[] = [];
  const nameFolded: string[] = [];
  const types: string[] = [];
  let matched = 0;
  let exact = 0;
  let folded = 0;
  let typed = 0;
  for (const row of reference) {
    const unit = oursByCode.get(row.code!);
    if (!unit) {
      missing.push(`${row.code} ${row.full_name}`);
      continue;
    }
    matched += 1;
    const referenceName = (row.full_name ?? '').normalize('NFC');
    if (unit.fullName === referenceName) exact += 1;
    else nameExact.push(`${unit.code} ours "${unit.fullName}" / reference "${referenceName}"`);
    if (foldForSearch(unit.fullName) === foldForSearch(referenceName)) folded += 1;
    else nameFolded.push(`${unit.code} ours "${unit.fullName}" / reference "${referenceName}"`);
    if (referenceType[unit.type] === row.type) typed += 1;
    else types.push(`${unit.code} ${unit.fullName}: ours ${unit.type} / reference ${row.type}`);
  }
  const extra = ours
    .filter((unit) => !referenceCodes.has(unit.code))
    .map((unit) => `${unit.code} ${unit.fullName}`);
  return {
    title,
    figures: [
      ...coverage('codes', { matched, reference: reference.length, ours: ours.length, extra }),
      { label: 'names, exact', matched: exact, total: matched },
      { label: 'names, folded', matched: folded, total: matched },
      { label: 'types', matched: typed, total: matched },
    ],
    disagreements: [
      ...examples('missing here', missing),
      ...examples('not in the reference', extra),
      ...examples('names differ after folding', nameFolded),
      ...examples(
        'names differ only in diacritics or case',
        nameExact.filter((line) => !nameFolded.includes(line)),
      ),
      ...examples('types differ', types),
    ],
  };
}

function comparePairs(
  title: string,
  ours: Map<string, string>,
  reference: { pair: string; share: string | undefined }[],
): CrossCheckSection {
  const referencePairs = new Map(reference.map((row) => [row.pair, row.share]));
  const missing: string[] = [];
  const shares: string[] = [];
  let matched = 0;
  let sharesCompared = 0;
  let sharesAgreeing = 0;
  for (const { pair, share } of reference) {
    const ourShare = ours.get(pair);
    if (ourShare === undefined) {
      missing.push(pair);
      continue;
    }
    matched += 1;
    if (share === undefined) continue;
    sharesCompared += 1;
    if (share === ourShare) sharesAgreeing += 1;
    else shares.push(`${pair} ours ${ourShare} / reference ${share}`);
  }
  const extra = [...ours.keys()].filter((pair) => !referencePairs.has(pair));
  return {
    title,
    figures: [
      ...coverage('pairs', { matched, reference: reference.length, ours: ours.size, extra }),
      {
        label: 'shares (WHOLE/PART) of matched pairs',
        matched: sharesAgreeing,
        total: sharesCompared,
      },
    ],
    disagreements: [
      ...examples('reference pairs missing here', missing),
      ...examples('our pairs not in the reference', extra),
      ...examples('shares differ', shares),
    ],
  };
}

/**
 * Compares what the importer wrote with the independent reference in `folder` (its SOURCES.md
 * describes the files): codes, names (exact and folded) and types of each list, and the
 * old -> new pairs of the commune and province merger maps. Undefined when the folder is absent.
 */
export async function crossCheckReference(
  db: UnitsDatabase,
  folder: string,
): Promise<CrossCheckResult | undefined> {
  if (!existsSync(join(folder, 'SOURCES.md'))) return undefined;
  const before = dayBefore(reformDate);
  const lists: { title: string; file: string; date: string; level: UnitLevel }[] = [
    { title: 'Provinces before', file: 'provinces_pre2025.csv', date: before, level: 'PROVINCE' },
    { title: 'Districts before', file: 'districts_pre2025.csv', date: before, level: 'DISTRICT' },
    { title: 'Communes before', file: 'communes_pre2025.csv', date: before, level: 'COMMUNE' },
    { title: 'Provinces from', file: 'provinces_2025.csv', date: reformDate, level: 'PROVINCE' },
    {
      title: 'Communes, wards, special zones from',
      file: 'communes_2025.csv',
      date: reformDate,
      level: 'COMMUNE',
    },
  ];
  const sections: CrossCheckSection[] = [];
  for (const { title, file, date, level } of lists) {
    const ours = await db
      .select({
        code: administrativeUnits.code,
        type: administrativeUnits.type,
        fullName: administrativeUnits.fullName,
      })
      .from(administrativeUnits)
      .where(and(eq(administrativeUnits.level, level), inForceOn(date)));
    sections.push(
      compareList(`${title} ${reformDate} (${file})`, ours, await readReference(folder, file)),
    );
  }

  const transitions = await db
    .select({
      predecessorCode: unitTransitions.predecessorCode,
      successorCode: unitTransitions.successorCode,
      share: unitTransitions.share,
    })
    .from(unitTransitions)
    .where(eq(unitTransitions.effectiveDate, reformDate));
  const communePairs = new Map<string, string>();
  const provincePairs = new Map<string, string>();
  for (const transition of transitions) {
    const pair = `${transition.predecessorCode}>${transition.successorCode}`;
    // Province codes have 2 digits; everything else is commune-level lineage.
    (transition.successorCode.length === 2 ? provincePairs : communePairs).set(
      pair,
      transition.share,
    );
  }
  sections.push(
    comparePairs(
      'Commune-level lineage (merger_map.csv: old_code -> new_commune_code, merge_type)',
      communePairs,
      (await readReference(folder, 'merger_map.csv')).map((row) => ({
        pair: `${row.old_code}>${row.new_commune_code}`,
        share: referenceShare[row.merge_type ?? ''],
      })),
    ),
    comparePairs(
      'Province-level lineage (province_merger_map.csv)',
      provincePairs,
      (await readReference(folder, 'province_merger_map.csv')).map((row) => ({
        pair: `${row.old_province_code}>${row.new_province_code}`,
        share: undefined,
      })),
    ),
  );
  return { folder, sections };
}

const percent = ({ matched, total }: Agreement) =>
  total === 0 ? 'n/a' : `${((100 * matched) / total).toFixed(2)}%`;

/** Renders the cross-check as plain text: one table of figures and the disagreements per section. */
export function formatCrossCheck(result: CrossCheckResult): string {
  const out = [`Cross-check against ${result.folder}`, ''];
  for (const section of result.sections) {
    out.push(
      section.title,
      formatTable(
        ['compared', 'matched', 'total', 'agreement'],
        section.figures.map((figure) => [
          figure.label,
          figure.matched,
          figure.total,
          percent(figure),
        ]),
      ),
    );
    for (const line of section.disagreements) out.push(`  ${line}`);
    out.push('');
  }
  return out.join('\n');
}
