/**
 * The day the two-tier model took effect (Resolution 202/2025/QH15 and the commune-level
 * resolutions of the Standing Committee): the first day of the 2025 versions and the first day on
 * which the pre-2025 versions are no longer in force.
 */
export const reformDate = '2025-07-01';
