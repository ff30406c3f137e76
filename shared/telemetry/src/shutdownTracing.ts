import type { Tracing } from './startTracing.ts';

/**
 * Exports the spans still buffered and stops the SDK that register.ts started, if it did; the
 * process's shutdown (stopOnSignals) awaits it before exiting. Resolves at once when untraced.
 */
export async function shutdownTracing(): Promise<void> {
  const tracing = (globalThis as Record<symbol, Tracing | undefined>)[
    Symbol.for('home-affairs.tracing')
  ];
  await tracing?.shutdown();
}
