import { addDays } from '@home-affairs/graphql';
/** Days `from` to `to`, both included. */
export interface DaySpan {
  from: string;
  to: string;
}

/** A span of days cut into whole calendar months and the partial months at its ends. */
export interface PeriodSegments {
  /** First days of the months lying wholly inside the span. */
  months: string[];
  /** The parts of the span outside those months (at most two). */
  days: DaySpan[];
}

/** First day of the month of `day`. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function addMonths(first: string, count: number): string {
  const date = new Date(`${first}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + count);
  return date.toISOString().slice(0, 10);
}

/** Last day of the month that starts on `first`. */
export function monthEnd(first: string): string {
  return addDays(addMonths(first, 1), -1);
}

/** Months since the start of year 0 of the month of `day` (`2025-07-14` → 2025 × 12 + 6). */
function monthIndex(day: string): number {
  return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
}

/** First day of the month `monthIndex` numbers. */
function monthOfIndex(index: number): string {
  const year = String(Math.floor(index / 12)).padStart(4, '0');
  return `${year}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * Cuts `span` so that whole months are read from monthly counters and only the ragged ends from
 * daily ones: a year costs 12 monthly rows plus at most 60 daily rows per unit, not 365.
 */
export function periodSegments(span: DaySpan): PeriodSegments {
  if (span.from > span.to) return { months: [], days: [] };
  const first = monthIndex(span.from) + (span.from === monthStart(span.from) ? 0 : 1);
  const last = monthIndex(span.to) - (span.to === monthEnd(monthStart(span.to)) ? 0 : 1);
  // Counted in whole numbers of months, not by comparing date strings: the loop runs once per
  // month inside the span, whatever its dates (a loop on `monthEnd(month) <= span.to` compared
  // `+010000-01-31` with `9999-12-31` and ran to the end of JavaScript's dates).
  const months: string[] = [];
  for (let index = first; index <= last; index += 1) months.push(monthOfIndex(index));
  if (months.length === 0) return { months, days: [span] };
  const days: DaySpan[] = [];
  if (monthIndex(span.from) < first) {
    days.push({ from: span.from, to: addDays(months[0]!, -1) });
  }
  if (monthIndex(span.to) > last) days.push({ from: monthOfIndex(last + 1), to: span.to });
  return { months, days };
}
