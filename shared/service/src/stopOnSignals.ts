import { shutdownTracing } from '@home-affairs/telemetry';
import type { Logger } from './createLogger.ts';

/**
 * Runs `stop` once on SIGTERM or SIGINT, or when the IPC channel to the parent process closes
 * (the parent died, even by SIGKILL: `pnpm start` gives its children one), then exits: 0 when it
 * finished, 1 when it failed or took longer than `timeoutMilliseconds`. Returns a signal that
 * aborts when stopping begins, so that start-up work can give up instead of failing loudly.
 */
export function stopOnSignals(
  stop: () => Promise<void>,
  logger: Logger,
  timeoutMilliseconds = 15_000,
): AbortSignal {
  const stopping = new AbortController();
  const onSignal = (signal: NodeJS.Signals | 'parent exited') => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, timeoutMilliseconds);
    timer.unref();
    // Flush before exiting: on a pipe, stdout writes are asynchronous and the last lines
    // ("stopped") would otherwise be lost.
    const exit = (code: number) => logger.flush(() => process.exit(code));
    // The spans of the last requests are exported before the process goes (a no-op untraced).
    stop()
      .then(() => shutdownTracing())
      .then(
        () => exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // Node has no "parent death signal": a supervisor killed by SIGKILL cannot stop its children,
  // and a child left running keeps its port and its PGlite folder. The IPC channel is a socket
  // whose other end the kernel closes when the parent dies, whatever killed it.
  if (process.channel) process.once('disconnect', () => onSignal('parent exited'));
  return stopping.signal;
}
