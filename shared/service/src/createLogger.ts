import { currentTraceId } from '@home-affairs/telemetry';
import pino from 'pino';

/** The structured JSON logger every process writes with. */
export type Logger = pino.Logger;

/**
 * Creates the JSON logger of one service. Credentials are redacted wherever they appear, so a
 * logged request never leaks a token; personal values are never passed to the logger at all.
 * With tracing on, every line written while a request is served carries its `traceId`; with it
 * off, the request's own line does (requestLogPlugin; docs/operations.md#logs).
 */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  /** Where the JSON lines go (tests capture them). @default standard output */
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const traceId = currentTraceId();
        return traceId ? { traceId } : {};
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.authorization', '*.token'],
        censor: '[redacted]',
      },
    },
    // Synchronous writes, as Node's own stdout on a pipe: with pino's default asynchronous
    // stream, a process whose reader died (`pnpm start` killed) could get EPIPE only in the exit
    // handler's flushSync, which retries it forever (sonic-boom 4 sleeps and retries any error
    // there), so the process never exited. A synchronous write meets the EPIPE at once and pino
    // then turns logging off.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
