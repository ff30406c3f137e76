import { sql } from 'drizzle-orm';

/** A text array literal of trusted constants. */
export function textArray(values: readonly string[]) {
  return sql.raw(`ARRAY[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')}]`);
}

/** A count as an SQL literal, refused unless it is a non-negative integer. */
export function integer(value: number) {
  if (!Number.isInteger(value) || value < 0) throw new Error(`Not a count: ${value}`);
  return sql.raw(String(value));
}
