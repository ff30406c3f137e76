import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { normalizeText } from './parseUnitName.ts';
import type { Pre2025Update, Pre2025UpdateUnit } from './pre2025Update.ts';
import type { SourceData } from './readSources.ts';

/** A unit of dvhcvn's three tiers, as its `level1s` tree gives it. */
interface DvhcvnEntity {
  id: string;
  name: string;
  children?: DvhcvnEntity[];
}

/** The date dvhcvn 1.2.20250301 describes (its package description: "last update: 01/03/2025"). */
const dvhcvnAsOf = '2025-03-01';

/**
 * Derives from the `dvhcvn` package (a devDependency, GPL-3.0: see ADR 0012) the facts in which
 * its three tiers differ from those of `vietnam-provinces-js`: units renamed, retyped or moved,
 * units only it has, and codes it no longer has. Names are compared after NFC and white-space
 * normalisation, so spelling noise is not a difference. `dvhcvn` is loaded only here.
 */
export function deriveDvhcvnFacts(
  sources: Pick<SourceData, 'provincesPre2025' | 'districtsPre2025' | 'communesPre2025'>,
): Pre2025Update {
  const require = createRequire(import.meta.url);
  const dvhcvn = require('dvhcvn') as { level1s: DvhcvnEntity[] };
  const manifest = JSON.parse(
    readFileSync(join(dirname(require.resolve('dvhcvn')), '..', 'package.json'), 'utf8'),
  ) as { name: string; version: string; license: string };

  const later = {
    provinces: new Map<string, Pre2025UpdateUnit>(),
    districts: new Map<string, Pre2025UpdateUnit>(),
    communes: new Map<string, Pre2025UpdateUnit>(),
  };
  for (const province of dvhcvn.level1s) {
    later.provinces.set(province.id, { code: province.id, name: normalizeText(province.name) });
    for (const district of province.children ?? []) {
      later.districts.set(district.id, {
        code: district.id,
        parentCode: province.id,
        name: normalizeText(district.name),
      });
      for (const commune of district.children ?? []) {
        later.communes.set(commune.id, {
          code: commune.id,
          parentCode: district.id,
          name: normalizeText(commune.name),
        });
      }
    }
  }
  const first = {
    provinces: new Map(
      sources.provincesPre2025.map((row) => [
        row.idProvince,
        { code: row.idProvince, name: normalizeText(row.name) },
      ]),
    ),
    districts: new Map(
      sources.districtsPre2025.map((row) => [
        row.idDistrict,
        { code: row.idDistrict, parentCode: row.idProvince, name: normalizeText(row.name) },
      ]),
    ),
    communes: new Map(
      sources.communesPre2025.map((row) => [
        row.idCommune,
        { code: row.idCommune, parentCode: row.idDistrict, name: normalizeText(row.name) },
      ]),
    ),
  };
  const byCode = (a: Pre2025UpdateUnit, b: Pre2025UpdateUnit) => a.code.localeCompare(b.code);
  const changed = (level: keyof typeof later) =>
    [...later[level].values()]
      .filter((unit) => {
        const earlier: Pre2025UpdateUnit | undefined = first[level].get(unit.code);
        return !earlier || earlier.name !== unit.name || earlier.parentCode !== unit.parentCode;
      })
      .sort(byCode);
  const absent = (level: keyof typeof later) =>
    [...first[level].keys()].filter((code) => !later[level].has(code)).sort();
  return {
    package: { name: manifest.name, version: manifest.version, license: manifest.license },
    asOf: dvhcvnAsOf,
    changed: {
      provinces: changed('provinces'),
      districts: changed('districts'),
      communes: changed('communes'),
    },
    absent: {
      provinces: absent('provinces'),
      districts: absent('districts'),
      communes: absent('communes'),
    },
  };
}
