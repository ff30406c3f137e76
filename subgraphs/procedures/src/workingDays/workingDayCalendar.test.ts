import { describe, expect, it } from 'vitest';
import { dueDay, workingDayCalendar } from './workingDayCalendar.ts';

const calendar = workingDayCalendar();

describe('the working-day calendar', () => {
  it('skips weekends', () => {
    // Friday 2025-03-07 + 1 working day is Monday 2025-03-10.
    expect(dueDay(calendar, '2025-03-07', 1)).toBe('2025-03-10');
  });

  it('skips the whole Tết break', () => {
    // Friday 2025-01-24; Tết Ất Tỵ closed offices from Saturday 25/1 to Sunday 2/2.
    expect(dueDay(calendar, '2025-01-24', 1)).toBe('2025-02-03');
  });

  it('counts a make-up Saturday and skips the weekday swapped for it', () => {
    // Saturday 2025-04-26 was worked in exchange for Friday 2025-05-02.
    expect(calendar.find((entry) => entry.day === '2025-04-26')?.working).toBe(true);
    expect(dueDay(calendar, '2025-04-25', 1)).toBe('2025-04-26');
    // 28/4, 29/4, then 30/4 to 4/5 off.
    expect(dueDay(calendar, '2025-04-26', 3)).toBe('2025-05-05');
  });

  it('counts a dossier received on a day off from the next working day', () => {
    expect(dueDay(calendar, '2025-09-02', 1)).toBe('2025-09-03');
    expect(dueDay(calendar, '2025-03-08', 1)).toBe('2025-03-10');
  });

  it('has 250 working days in 2025', () => {
    // 261 weekdays, 12 of them off, and one make-up Saturday.
    const in2025 = calendar.filter((entry) => entry.day.startsWith('2025') && entry.working);
    expect(in2025).toHaveLength(261 - 12 + 1);
  });
});
