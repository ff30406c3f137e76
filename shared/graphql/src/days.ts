const millisecondsPerDay = 86_400_000;

/**
 * The day of an ISO date (`YYYY-MM-DD`) as a count of days since 1970-01-01: date arithmetic in
 * whole days, as SQL's `date ± integer` (the demo data's generators draw days so).
 */
export function dayNumber(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / millisecondsPerDay;
}

/** ISO dates already written: generated rows use a few thousand days, many times each. */
const isoDays = new Map<number, string>();

/** The ISO date (`YYYY-MM-DD`) of a day number (`dayNumber`), each made once. */
export function isoDay(day: number): string {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = new Date(day * millisecondsPerDay).toISOString().slice(0, 10);
    isoDays.set(day, iso);
  }
  return iso;
}
