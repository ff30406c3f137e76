/**
 * Logs why a subgraph still waits for the unit directory, at most one line every 15 s: the graph
 * is retried every second while it starts. Pass it as `onWait` to the directory's fetch.
 */
export function throttledWaitLog(
  logger: { info(fields: Record<string, unknown>, message: string): void },
  graphUrl: string,
): (reason: string) => void {
  let lastWaitLog = 0;
  return (reason) => {
    if (Date.now() - lastWaitLog < 15_000) return;
    lastWaitLog = Date.now();
    logger.info({ graphUrl, reason }, 'waiting for the unit directory');
  };
}
