import { afterAll, describe, expect, it } from 'vitest';
import { startedForTests } from './startedForTests.ts';

describe('startedForTests', () => {
  const calls: string[] = [];
  const thing = (name: string, ways: ('close' | 'dispose')[]) =>
    Object.fromEntries(ways.map((way) => [way, () => void calls.push(`${name} ${way}`)])) as {
      close(): void;
    } & { dispose(): void };

  describe('a test database: it can close its pool and dispose of itself', () => {
    const started = startedForTests(async () => thing('database', ['close', 'dispose']));
    it('is there for the tests', () => expect(started()).toBeDefined());
  });
  describe('a server: it can only close', () => {
    startedForTests(async () => thing('server', ['close']));
    it('runs', () => expect(calls).toEqual(['database dispose']));
  });

  // After the inner blocks' own afterAll: what each one left with.
  afterAll(() => {
    expect(calls).toEqual(['database dispose', 'server close']);
  });
});
