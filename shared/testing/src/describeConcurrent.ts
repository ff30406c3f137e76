import { describe } from 'vitest';

/**
 * Why tests of concurrent writers cannot run here, or undefined when they can: they need real
 * Postgres, since PGlite runs one transaction at a time and no interleaving can happen on it.
 */
export const concurrencySkipReason = process.env.TEST_DATABASE_URL
  ? undefined
  : 'needs TEST_DATABASE_URL (real Postgres): PGlite runs one transaction at a time, so concurrent writers prove nothing on it';

/**
 * A `describe` of tests with concurrent writers: run on real Postgres, skipped on PGlite with the
 * reason in the title and on the console, never passed silently.
 */
export function describeConcurrent(title: string, tests: () => void): void {
  if (concurrencySkipReason === undefined) {
    describe(title, tests);
    return;
  }
  console.warn(`Skipping "${title}": ${concurrencySkipReason}.`);
  describe.skip(`${title} (skipped: ${concurrencySkipReason})`, tests);
}
