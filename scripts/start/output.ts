/** What `pnpm start` prints: its own lines (`▸ …`) and its processes' pino lines, made readable. */

const color = process.stdout.isTTY && !process.env.NO_COLOR;

/** `text` in an ANSI colour when the output is a terminal (and NO_COLOR is unset). */
export function paint(code: number, text: string) {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** One line of the supervisor's own. */
export function say(message: string) {
  console.log(`${paint(1, '▸')} ${message}`);
}

/** Seconds since `since` (a performance.now()), as `12.3 s`. */
export function seconds(since: number) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

const levels: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: paint(33, 'warn'),
  50: paint(31, 'error'),
  60: paint(31, 'fatal'),
};

/** A pino line's fields, or undefined for any other line. */
export function parseLogLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Turns one pino JSON line into `12:00:01 info  message key=value`; other lines pass as they are. */
export function formatLine(line: string, entry = parseLogLine(line)): string {
  if (!entry) return line;
  const { level, time, msg, pid, hostname, service, err, ...rest } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const fields = Object.entries(rest).map(([key, value]) => {
    const text = typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value);
    return `${paint(2, `${key}=`)}${text}`;
  });
  const error = err as { stack?: string; message?: string } | undefined;
  const stack = error ? `\n${error.stack ?? error.message ?? JSON.stringify(error)}` : '';
  return (
    [paint(2, clock), levels[Number(level)] ?? String(level), msg, ...fields].join(' ') + stack
  );
}

/**
 * The log messages that end a phase of a process's start (docs/gateway.md): the supervisor
 * prints each as a progress line with the time since `pnpm start` began, so a slow start shows
 * where its time went.
 */
const phaseMessages =
  /^(listening|migrations applied|units import: done|.*unit directory: (done|stored|copied)|.*demo data: done)$/;

/** The phase a log message ends, in words, or undefined when it ends none. */
export function phaseOf(message: unknown): string | undefined {
  return typeof message === 'string' && phaseMessages.test(message) ? message : undefined;
}
