import type { UnitChange, UnitChangeState } from './followUnitChanges.ts';

/** Whether a version given by the feed is in force on `day`. */
export const inForceOn = (
  state: { validFrom: string | null; validTo: string | null },
  day: string,
) =>
  (state.validFrom === null || state.validFrom <= day) &&
  (state.validTo === null || state.validTo > day);

/**
 * The version a feed entry leaves in force on `today` when it established or changed its unit:
 * what a copy of today's list writes. Null for any other entry, or one not yet or no longer in
 * force today.
 */
export function versionInForce(change: UnitChange, today: string): UnitChangeState | null {
  const { kind, after } = change;
  if ((kind === 'ESTABLISHED' || kind === 'CHANGED') && after && inForceOn(after, today)) {
    return after;
  }
  return null;
}
