/** A weekday off, or a weekend day worked in exchange for one. */
export interface CalendarException {
  day: string;
  note: string;
}

/** One year of the public-sector calendar with where it comes from. */
export interface HolidayYear {
  year: number;
  /** Weekdays on which public offices are closed (holidays, compensatory and swapped days). */
  daysOff: CalendarException[];
  /** Saturdays worked to make up a swapped weekday. */
  workingWeekendDays: CalendarException[];
  source: string;
}

/** Makes `[day, note]` rows, one a line in the table below, into calendar exceptions. */
const exceptions = (rows: readonly (readonly [day: string, note: string])[]): CalendarException[] =>
  rows.map(([day, note]) => ({ day, note }));

/**
 * Public holidays of Vietnam's public sector by year. Labour Code 2019 art. 112 grants New Year
 * (1/1), Tết (5 days), Hùng Kings' commemoration (10/3 lunar), Victory Day (30/4), Labour Day
 * (1/5) and National Day (2/9 plus one adjacent day); a holiday on a weekend gives the next
 * working day off (art. 111); the Government announces each year's Tết and National Day days and
 * the swaps of working days for civil servants. Only weekdays are listed: weekends are never
 * working days unless listed in `workingWeekendDays`.
 */
export const publicHolidays: readonly HolidayYear[] = [
  {
    year: 2024,
    source:
      'Labour Code 2019 art. 112; Tết Giáp Thìn 8–14/2, 30/4–1/5 with 29/4 swapped for Saturday 4/5, National Day 31/8–3/9, as announced for civil servants',
    daysOff: exceptions([
      ['2024-01-01', 'New Year'],
      ['2024-02-08', 'Tết'],
      ['2024-02-09', 'Tết'],
      ['2024-02-12', 'Tết'],
      ['2024-02-13', 'Tết'],
      ['2024-02-14', 'Tết'],
      ['2024-04-18', "Hùng Kings' commemoration"],
      ['2024-04-29', 'swapped for Saturday 2024-05-04'],
      ['2024-04-30', 'Victory Day'],
      ['2024-05-01', 'Labour Day'],
      ['2024-09-02', 'National Day'],
      ['2024-09-03', 'National Day (adjacent day)'],
    ]),
    workingWeekendDays: exceptions([['2024-05-04', 'makes up 2024-04-29']]),
  },
  {
    year: 2025,
    source:
      'Labour Code 2019 art. 112; Tết Ất Tỵ 25/1–2/2, 30/4–4/5 with 2/5 swapped for Saturday 26/4, National Day 30/8–2/9, as announced for civil servants',
    daysOff: exceptions([
      ['2025-01-01', 'New Year'],
      ['2025-01-27', 'Tết'],
      ['2025-01-28', 'Tết'],
      ['2025-01-29', 'Tết'],
      ['2025-01-30', 'Tết'],
      ['2025-01-31', 'Tết'],
      ['2025-04-07', "Hùng Kings' commemoration"],
      ['2025-04-30', 'Victory Day'],
      ['2025-05-01', 'Labour Day'],
      ['2025-05-02', 'swapped for Saturday 2025-04-26'],
      ['2025-09-01', 'National Day (adjacent day)'],
      ['2025-09-02', 'National Day'],
    ]),
    workingWeekendDays: exceptions([['2025-04-26', 'makes up 2025-05-02']]),
  },
  {
    year: 2026,
    source:
      'Labour Code 2019 art. 112; New Year 1–4/1 with 2/1 swapped for Saturday 10/1, Tết Bính Ngọ 14–22/2, Hùng Kings on Sunday 26/4 compensated on 27/4, National Day 1–2/9, as announced for civil servants (verify against the official notice before relying on it)',
    daysOff: exceptions([
      ['2026-01-01', 'New Year'],
      ['2026-01-02', 'swapped for Saturday 2026-01-10'],
      ['2026-02-16', 'Tết'],
      ['2026-02-17', 'Tết'],
      ['2026-02-18', 'Tết'],
      ['2026-02-19', 'Tết'],
      ['2026-02-20', 'Tết'],
      ['2026-04-27', "Hùng Kings' commemoration (falls on Sunday 26/4)"],
      ['2026-04-30', 'Victory Day'],
      ['2026-05-01', 'Labour Day'],
      ['2026-09-01', 'National Day (adjacent day)'],
      ['2026-09-02', 'National Day'],
    ]),
    workingWeekendDays: exceptions([['2026-01-10', 'makes up 2026-01-02']]),
  },
  {
    year: 2027,
    source:
      'Labour Code 2019 art. 112 only, provisional: Tết Đinh Mùi (6/2) and National Day days are not announced yet',
    daysOff: exceptions([
      ['2027-01-01', 'New Year'],
      ['2027-02-04', 'Tết (provisional)'],
      ['2027-02-05', 'Tết (provisional)'],
      ['2027-02-08', 'Tết (provisional)'],
      ['2027-02-09', 'Tết (provisional)'],
      ['2027-02-10', 'Tết (provisional)'],
      ['2027-04-16', "Hùng Kings' commemoration"],
      ['2027-04-30', 'Victory Day'],
      ['2027-05-03', 'Labour Day (falls on Saturday 1/5)'],
      ['2027-09-02', 'National Day'],
      ['2027-09-03', 'National Day (adjacent day)'],
    ]),
    workingWeekendDays: [],
  },
];

/** First and last day the calendar covers. */
export const calendarSpan = { first: '2024-01-01', last: '2027-12-31' };
