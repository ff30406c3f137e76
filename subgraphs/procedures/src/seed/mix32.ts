/**
 * The generators' deterministic uniform numbers, in JavaScript and in SQL: a 32-bit mix of an
 * integer and a salt, computed the same way on both sides (the SQL in bigint arithmetic, which
 * every Postgres and PGlite computes alike, unlike built-in hashes), so that rows generated in
 * JavaScript equal those generated in SQL.
 */

/** One uniform number in [0, 1) from a non-negative safe integer and a salt. */
export function mix32(value: number, salt: number): number {
  // value * 2654435761 + offset modulo 2^32: Math.imul keeps the low 32 bits of the product
  // (of the value modulo 2^32, which is the same modulo 2^32).
  let x = (Math.imul(value, 2654435761) + salt * 40503 + 12345) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 1597334677) >>> 0;
  return ((x ^ (x >>> 13)) >>> 0) / 4294967296;
}

/** The same number in SQL, from an integer expression and a salt. */
export function hashUnit(expression: string, salt: number): string {
  const a = `((((${expression})::bigint * 2654435761 + ${salt * 40503 + 12345}) % 4294967296))`;
  const b = `((((${a}) # ((${a}) >> 15)) * 1597334677) % 4294967296)`;
  return `(((${b}) # ((${b}) >> 13))::float8 / 4294967296.0)`;
}
