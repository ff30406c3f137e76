import { GraphQLError, GraphQLScalarType, Kind, parse } from 'graphql';

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The days a `Date` may name, both included: the oldest records of the unit lists and registries
 * reach back to the 1940s and no plan runs past this century, while any day outside would be a
 * typo (`20225-01-01`) or an attempt to make a loop over days run for ever (`9999-12-31`).
 */
export const dateRange = { first: '1900-01-01', last: '2100-12-31' } as const;

/** The error of a `Date` that is not a calendar day of `dateRange`. */
export const dateErrorMessage = `A Date is a calendar day written YYYY-MM-DD, from ${dateRange.first} to ${dateRange.last}.`;

/** True for a calendar day of `dateRange` written `YYYY-MM-DD` (rejects `2025-02-30`). */
export function isDateInRange(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    isCalendarDate(value) &&
    value >= dateRange.first &&
    value <= dateRange.last
  );
}

/** True for a real calendar day written `YYYY-MM-DD` (rejects `2025-02-30`). */
export function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function parseDate(value: unknown): string {
  if (!isDateInRange(value)) {
    throw new GraphQLError(dateErrorMessage, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

/** The `Date` scalar: a calendar day of `dateRange` as `YYYY-MM-DD`, validated on input. */
export const dateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day, `YYYY-MM-DD`.',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && isCalendarDate(value)) return value;
    throw new GraphQLError('A Date value is not a calendar day.');
  },
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

/**
 * The `Date` scalar as a feature module for buildSubgraphSchema: its SDL (with the range every
 * subgraph documents alike) and its resolver, defined once for all subgraphs.
 */
export const dateModule = {
  typeDefs: parse(`
"""
A calendar day, \`YYYY-MM-DD\`, in Vietnam's time zone (UTC+7), from ${dateRange.first} to
${dateRange.last}. Any other value (\`2025-02-30\`, \`9999-12-31\`, a timestamp) is refused
with \`BAD_USER_INPUT\` naming the argument.
"""
scalar Date
`),
  resolvers: { Date: dateScalar },
};

const vietnamDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Vietnam (UTC+7), `YYYY-MM-DD`: the default `asOf` of every query. */
export function todayInVietnam(now = new Date()): string {
  return vietnamDay.format(now);
}

/** The day `count` days after `date` (before it when negative), `YYYY-MM-DD`. */
export function addDays(date: string, count: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + count);
  return day.toISOString().slice(0, 10);
}

/** The day before `date` (`YYYY-MM-DD`). */
export function dayBefore(date: string): string {
  return addDays(date, -1);
}
