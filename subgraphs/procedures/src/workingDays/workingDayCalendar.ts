import { addDays } from '@home-affairs/graphql';
import { calendarSpan, type HolidayYear, publicHolidays } from './publicHolidays.ts';

/** One day of the working-day calendar, as stored in `working_days`. */
export interface CalendarDay {
  day: string;
  working: boolean;
  /** Working days from the first day of the calendar up to and including this one. */
  ordinal: number;
  note: string | null;
}

/** Builds every day of the calendar from the holiday tables. */
export function workingDayCalendar(
  years: readonly HolidayYear[] = publicHolidays,
  span = calendarSpan,
): CalendarDay[] {
  const daysOff = new Map(years.flatMap((year) => year.daysOff.map((d) => [d.day, d.note])));
  const worked = new Map(
    years.flatMap((year) => year.workingWeekendDays.map((d) => [d.day, d.note])),
  );
  const days: CalendarDay[] = [];
  let ordinal = 0;
  for (let day = span.first; day <= span.last; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const working = worked.has(day) || (!weekend && !daysOff.has(day));
    if (working) ordinal += 1;
    days.push({ day, working, ordinal, note: daysOff.get(day) ?? worked.get(day) ?? null });
  }
  return days;
}

/**
 * The due day of a dossier received on `receivedOn` with `processingDays` working days: the
 * `processingDays`-th working day after the receipt day (a dossier received on a day off counts
 * from the next working day). Mirrors the SQL that writes use, for tests and generators.
 */
export function dueDay(calendar: CalendarDay[], receivedOn: string, processingDays: number) {
  const start = calendar.find((entry) => entry.day === receivedOn);
  if (!start) throw new RangeError(`${receivedOn} is outside the working-day calendar`);
  const due = calendar.find(
    (entry) => entry.working && entry.ordinal === start.ordinal + processingDays,
  );
  if (!due) throw new RangeError(`the due day of ${receivedOn} is outside the calendar`);
  return due.day;
}
