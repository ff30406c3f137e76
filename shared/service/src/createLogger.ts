import pino from 'pino';

/** The structured JSON logger every process writes with. */
export type Logger = pino.Logger;

/**
 * Creates the JSON logger of one service. Credentials are redacted wherever they appear, so a
 * logged request never leaks a token; personal values are never passed to the logger at all.
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
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.authorization', '*.token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
