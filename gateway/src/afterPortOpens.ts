/**
 * How long after the gateway's port opens it makes what serving does not need at once (the
 * GraphiQL page, the contracts' schemas), unless a request needs it sooner. Long enough for the
 * first health probes (`pnpm start` polls every 200 ms) to be answered before the event loop and
 * the cores are busy with them; short enough that they are made before anyone looks.
 */
export const deferMilliseconds = 1000;

/** Work put off until after the port opens; `cancel` drops what has not started. */
export interface Deferred {
  /**
   * `make`, called once: `deferMilliseconds` after this call, or by the first call of the
   * returned function, whichever comes first.
   */
  later<T>(make: () => Promise<T>): () => Promise<T>;
  cancel(): void;
}

/** Puts work off until after the port opens (see deferMilliseconds). */
export function afterPortOpens(delayMilliseconds = deferMilliseconds): Deferred {
  const timers = new Set<NodeJS.Timeout>();
  return {
    later<T>(make: () => Promise<T>) {
      let made: Promise<T> | undefined;
      const get = () => {
        clearTimeout(timer);
        timers.delete(timer);
        made ??= make();
        return made;
      };
      const timer = setTimeout(get, delayMilliseconds);
      // A process that has nothing else to do does not wait for it.
      timer.unref();
      timers.add(timer);
      return get;
    },
    cancel() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
