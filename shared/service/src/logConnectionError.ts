import type { Logger } from './createLogger.ts';

/**
 * The `onConnectionError` of a process's database (see DatabaseConfig): one warning per broken
 * connection, with the error's name and code (a SQLSTATE, or a socket error such as ECONNRESET)
 * and never the driver's message. A server restart breaks idle connections too; the pool
 * replaces them on the next query.
 */
export function logConnectionError(logger: Logger): (error: Error) => void {
  return (error) => {
    const { code } = error as { code?: unknown };
    logger.warn(
      { errorName: error.name, code: typeof code === 'string' ? code : undefined },
      'database connection lost',
    );
  };
}
