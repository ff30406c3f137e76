import { orCleanUp } from './orCleanUp.ts';

/**
 * Awaits `starting`, a thing started on top of another that runs already: when it fails, stops
 * the one below (orCleanUp); otherwise returns it with a `stop` that stops it, then the one below.
 */
export async function startOnTop<T>(
  starting: Promise<T>,
  stopIt: (started: T) => Promise<void>,
  stopBelow: () => Promise<void>,
): Promise<{ started: T; stop(): Promise<void> }> {
  const started = await orCleanUp(starting, stopBelow);
  return {
    started,
    async stop() {
      await stopIt(started);
      await stopBelow();
    },
  };
}
