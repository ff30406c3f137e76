import { afterAll, beforeAll } from 'vitest';

/**
 * Starts what `start` starts (a subgraph, a gateway, a server, a test database) before the tests
 * of the file or `describe` that calls this, and closes (or disposes of) it after them; returns a getter for it, which throws
 * when a test body is not where it is called (before the start, or after a failed one).
 *
 * ```ts
 * const graph = startedForTests(() => startSubgraph('units'));
 * it('answers', async () => {
 *   expect((await graph().execute('{ unit(code: "40") { name } }')).errors).toBeUndefined();
 * });
 * ```
 */
export function startedForTests<
  T extends { close(): Promise<void> | void } | { dispose(): Promise<void> | void },
>(start: () => Promise<T>): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started && 'close' in started) await started.close();
    else await started?.dispose();
  });
  return () => {
    if (!started) throw new Error('used before beforeAll started it, or after it failed');
    return started;
  };
}
