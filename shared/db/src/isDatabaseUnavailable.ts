/**
 * SQLSTATEs that mean the server cannot serve right now, whatever the statement: class 08
 * (connection exception), 53 (insufficient resources: too many connections, disk full, out of
 * memory), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now: a server that is
 * stopping or still recovering). https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const unavailableSqlStates = /^(08|53)...$|^57P0[123]$/;

/** Socket errors (Node's errno codes) of a server that is down or cannot be reached. */
const unreachableSocketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/**
 * What node-postgres and pg-pool say, without a code, when a connection breaks or cannot be had:
 * the socket closed under a query, a client left broken by an earlier error, the pool's
 * `connectionTimeoutMillis` or the client's own connection timeout elapsed.
 */
const brokenConnectionMessages = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
]);

/**
 * Whether `error` (or an error it wraps: drizzle's DrizzleQueryError keeps the driver's error as
 * `cause`, Node's connection attempts to several addresses give an AggregateError) says that the
 * database cannot be reached or cannot serve now, as opposed to a fault of the statement or the
 * data. Such an error is worth retrying once the database is back; the caller should be told the
 * service is unavailable, never the driver's message.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (unavailableSqlStates.test(code) || unreachableSocketCodes.has(code)) return true;
  }
  if (typeof message === 'string' && brokenConnectionMessages.has(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) {
    return true;
  }
  return isDatabaseUnavailable(cause, depth + 1);
}
