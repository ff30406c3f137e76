import { afterAll, beforeAll } from 'vitest';

/**
 * Starts what `start` starts (a subgraph, a gateway, a server, a test database) before the tests
 * of the file or `describe` that calls this, and disposes of it (or closes it, when it has no
 * `dispose`) after them; returns a getter for it, which throws
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
    // `dispose` first: what has both (a test database: `close` its pool, `dispose` that and drop
    // the database) is cleaned up whole by it; closing it only left the database on the server.
    if (started && 'dispose' in started) await started.dispose();
    else await started?.close();
  });
  return () => {
    if (!started) throw new Error('used before beforeAll started it, or after it failed');
    return started;
  };
}
