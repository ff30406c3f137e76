import { calibration } from './seedDemoData.ts';

/**
 * The fields that read the published figures of `calibration` back from the graph, on the
 * subgraph or through the gateway: for the tests of the demo data.
 */
export const publishedFiguresSelection = `
  separations { totalCount }
  before: staffingTotals(period: P2022_2026) { quota }
  after: staffingTotals(period: P2026_2031) { quota }
  publicServiceUnits2021: agencies(filter: {kind: PUBLIC_SERVICE_UNIT, underMinistries: true}, asOf: "2021-12-31") { totalCount }
  publicServiceUnits2024: agencies(filter: {kind: PUBLIC_SERVICE_UNIT, underMinistries: true}, asOf: "2024-12-31") { totalCount }`;

/** The answer to `publishedFiguresSelection`. */
export interface PublishedFiguresAnswer {
  separations: { totalCount: number };
  before: { quota: number };
  after: { quota: number };
  publicServiceUnits2021: { totalCount: number };
  publicServiceUnits2024: { totalCount: number };
}

/**
 * The counts of an answer to `publishedFiguresSelection` (`actual`) beside the published ones
 * (`expected`), and the 2026–2031 staffing quota as a share of 2022–2026's with the largest share
 * published: the norms of 2026–2031 are at least 15% below those of 2022–2026.
 */
export function publishedFigures(answer: PublishedFiguresAnswer) {
  return {
    actual: {
      separations: answer.separations.totalCount,
      publicServiceUnits2021: answer.publicServiceUnits2021.totalCount,
      publicServiceUnits2024: answer.publicServiceUnits2024.totalCount,
    },
    expected: {
      separations: calibration.separations,
      publicServiceUnits2021: calibration.publicServiceUnits2021,
      publicServiceUnits2024: calibration.publicServiceUnits2024,
    },
    quotaShare: answer.after.quota / answer.before.quota,
    largestQuotaShare: 0.85,
  };
}
