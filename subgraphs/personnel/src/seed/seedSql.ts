import type { Logger } from '@home-affairs/service';
import { type SQL, sql } from 'drizzle-orm';
import type { PersonnelDatabase } from '../common/personnelDatabase.ts';

/** One seed statement, run under a name for the log. */
export type Step = (name: string, statement: SQL) => Promise<void>;

/** A seed step that runs one statement and logs how long it took. */
export function stepRunner(db: PersonnelDatabase, logger: Logger): Step {
  return async (name: string, statement: SQL) => {
    const stepStarted = performance.now();
    await db.execute(statement);
    logger.debug(
      { step: name, durationMs: Math.round(performance.now() - stepStarted) },
      'seed step',
    );
  };
}

/**
 * A deterministic pseudo-random number in [0, 2^28) from 7 hex digits of an md5 digest: the same
 * on every machine and Postgres version, unlike `random()` or `hashtext`.
 */
export function hashText(digest: string, slot = 0): string {
  return `(('x' || substr(${digest}, ${1 + slot * 7}, 7))::bit(28)::int)`;
}

/** `hashText` as an SQL fragment. */
export function hash(digest: string, slot = 0): SQL {
  return sql.raw(hashText(digest, slot));
}

/** SQL text of `column` with its first letter lower-cased ("Tỉnh X" -> "tỉnh X"). */
export const lowerFirst = (column: string) => `lower(left(${column}, 1)) || substr(${column}, 2)`;
