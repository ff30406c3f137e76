/** The kinds of period the service index is shown for, as the national portal reports it. */
export type PeriodKind = 'week' | 'month' | 'quarter';

const iso = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The week (Monday to Sunday), month or quarter that contains `day` (`YYYY-MM-DD`), as the first
 * and last day, both included.
 */
export function periodOf(kind: PeriodKind, day: string): { from: string; to: string } {
  const date = new Date(`${day}T00:00:00Z`);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (kind === 'week') {
    const fromMonday = (date.getUTCDay() + 6) % 7;
    const monday = new Date(Date.UTC(year, month, date.getUTCDate() - fromMonday));
    const sunday = new Date(Date.UTC(year, month, date.getUTCDate() - fromMonday + 6));
    return { from: iso(monday), to: iso(sunday) };
  }
  const first = kind === 'month' ? month : month - (month % 3);
  const span = kind === 'month' ? 1 : 3;
  return {
    from: iso(new Date(Date.UTC(year, first, 1))),
    to: iso(new Date(Date.UTC(year, first + span, 0))),
  };
}
