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

/**
 * Cuts `span` so that whole months are read from monthly counters and only the ragged ends from
 * daily ones: a year costs 12 monthly rows plus at most 60 daily rows per unit, not 365.
 */
export function periodSegments(span: DaySpan): PeriodSegments {
  if (span.from > span.to) return { months: [], days: [] };
  const firstWhole =
    span.from === monthStart(span.from) ? span.from : addMonths(monthStart(span.from), 1);
  const months: string[] = [];
  for (let month = firstWhole; monthEnd(month) <= span.to; month = addMonths(month, 1)) {
    months.push(month);
  }
  if (months.length === 0) return { months, days: [span] };
  const days: DaySpan[] = [];
  if (span.from < months[0]!) days.push({ from: span.from, to: addDays(months[0]!, -1) });
  const afterLast = addMonths(months.at(-1)!, 1);
  if (afterLast <= span.to) days.push({ from: afterLast, to: span.to });
  return { months, days };
}
