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
    daysOff: [
      { day: '2024-01-01', note: 'New Year' },
      { day: '2024-02-08', note: 'Tết' },
      { day: '2024-02-09', note: 'Tết' },
      { day: '2024-02-12', note: 'Tết' },
      { day: '2024-02-13', note: 'Tết' },
      { day: '2024-02-14', note: 'Tết' },
      { day: '2024-04-18', note: "Hùng Kings' commemoration" },
      { day: '2024-04-29', note: 'swapped for Saturday 2024-05-04' },
      { day: '2024-04-30', note: 'Victory Day' },
      { day: '2024-05-01', note: 'Labour Day' },
      { day: '2024-09-02', note: 'National Day' },
      { day: '2024-09-03', note: 'National Day (adjacent day)' },
    ],
    workingWeekendDays: [{ day: '2024-05-04', note: 'makes up 2024-04-29' }],
  },
  {
    year: 2025,
    source:
      'Labour Code 2019 art. 112; Tết Ất Tỵ 25/1–2/2, 30/4–4/5 with 2/5 swapped for Saturday 26/4, National Day 30/8–2/9, as announced for civil servants',
    daysOff: [
      { day: '2025-01-01', note: 'New Year' },
      { day: '2025-01-27', note: 'Tết' },
      { day: '2025-01-28', note: 'Tết' },
      { day: '2025-01-29', note: 'Tết' },
      { day: '2025-01-30', note: 'Tết' },
      { day: '2025-01-31', note: 'Tết' },
      { day: '2025-04-07', note: "Hùng Kings' commemoration" },
      { day: '2025-04-30', note: 'Victory Day' },
      { day: '2025-05-01', note: 'Labour Day' },
      { day: '2025-05-02', note: 'swapped for Saturday 2025-04-26' },
      { day: '2025-09-01', note: 'National Day (adjacent day)' },
      { day: '2025-09-02', note: 'National Day' },
    ],
    workingWeekendDays: [{ day: '2025-04-26', note: 'makes up 2025-05-02' }],
  },
  {
    year: 2026,
    source:
      'Labour Code 2019 art. 112; New Year 1–4/1 with 2/1 swapped for Saturday 10/1, Tết Bính Ngọ 14–22/2, Hùng Kings on Sunday 26/4 compensated on 27/4, National Day 1–2/9, as announced for civil servants (verify against the official notice before relying on it)',
    daysOff: [
      { day: '2026-01-01', note: 'New Year' },
      { day: '2026-01-02', note: 'swapped for Saturday 2026-01-10' },
      { day: '2026-02-16', note: 'Tết' },
      { day: '2026-02-17', note: 'Tết' },
      { day: '2026-02-18', note: 'Tết' },
      { day: '2026-02-19', note: 'Tết' },
      { day: '2026-02-20', note: 'Tết' },
      { day: '2026-04-27', note: "Hùng Kings' commemoration (falls on Sunday 26/4)" },
      { day: '2026-04-30', note: 'Victory Day' },
      { day: '2026-05-01', note: 'Labour Day' },
      { day: '2026-09-01', note: 'National Day (adjacent day)' },
      { day: '2026-09-02', note: 'National Day' },
    ],
    workingWeekendDays: [{ day: '2026-01-10', note: 'makes up 2026-01-02' }],
  },
  {
    year: 2027,
    source:
      'Labour Code 2019 art. 112 only, provisional: Tết Đinh Mùi (6/2) and National Day days are not announced yet',
    daysOff: [
      { day: '2027-01-01', note: 'New Year' },
      { day: '2027-02-04', note: 'Tết (provisional)' },
      { day: '2027-02-05', note: 'Tết (provisional)' },
      { day: '2027-02-08', note: 'Tết (provisional)' },
      { day: '2027-02-09', note: 'Tết (provisional)' },
      { day: '2027-02-10', note: 'Tết (provisional)' },
      { day: '2027-04-16', note: "Hùng Kings' commemoration" },
      { day: '2027-04-30', note: 'Victory Day' },
      { day: '2027-05-03', note: 'Labour Day (falls on Saturday 1/5)' },
      { day: '2027-09-02', note: 'National Day' },
      { day: '2027-09-03', note: 'National Day (adjacent day)' },
    ],
    workingWeekendDays: [],
  },
];

/** First and last day the calendar covers. */
export const calendarSpan = { first: '2024-01-01', last: '2027-12-31' };
