import { expect } from 'vitest';
import type { TestAnswer } from './signedIdentities.ts';

/**
 * The codes of every error in `answers`, `code rule` when the error names a rule: a deadlock, a
 * constraint violation or any unexpected fault shows up as INTERNAL_SERVER_ERROR.
 */
export function errorCodes(answers: readonly TestAnswer<unknown>[]): string[] {
  return answers.flatMap((answer) =>
    (answer.errors ?? []).map((error) =>
      [error.extensions.code, error.extensions.rule].filter(Boolean).join(' '),
    ),
  );
}

/** Asserts that `answer` was refused with `code`, naming the input `field` when given. */
export function expectRefused(answer: TestAnswer<unknown>, code: string, field?: string): void {
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code, ...(field ? { field } : {}) });
}

/** Asserts that `answer` was refused as BAD_USER_INPUT naming the argument `argumentName`. */
export function expectBadArgument(answer: TestAnswer<unknown>, argumentName: string): void {
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
}
