/** An answer of the corrections' mutations, read field by field in the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in the assertions
export type Data = any;

const changesFields = `dryRun correction { id operation legalBasis effectiveDate source }
  changes {
    versionsClosed { code officialName validFrom validTo previousValidTo }
    versionsOpened { code officialName type validFrom validTo }
    versionsAmended { code officialName previousOfficialName type previousType }
    linksAdded { predecessorCode successorCode effectiveDate share resolution }
    linksAmended { predecessorCode successorCode share previousShare }
    reattributedFrom { code }
  }`;

/** The corrections' mutations, each selecting every change it made. */
export const correctionMutations = {
  merge: `mutation ($input: MergeUnitsInput!) { mergeUnits(input: $input) { ${changesFields} } }`,
  split: `mutation ($input: SplitUnitInput!) { splitUnit(input: $input) { ${changesFields} } }`,
  rename: `mutation ($input: RenameUnitInput!) { renameUnit(input: $input) { ${changesFields} } }`,
  retype: `mutation ($input: RetypeUnitInput!) { retypeUnit(input: $input) { ${changesFields} } }`,
  links: `mutation ($input: RecordLineageLinksInput!) { recordLineageLinks(input: $input) { ${changesFields} } }`,
};
