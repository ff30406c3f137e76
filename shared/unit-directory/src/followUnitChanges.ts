import { setTimeout as sleep } from 'node:timers/promises';
import type { UnitChangeLink, UnitVersion } from './unitVersion.ts';

/** A unit as it stood on one side of a change (the feed's `UnitChangeState`). */
export type UnitChangeState = UnitVersion;

/** One entry of the units subgraph's feed (`Query.unitChanges`), with its cursor. */
export interface UnitChange {
  cursor: string;
  sequence: number;
  code: string;
  kind: 'ESTABLISHED' | 'ABOLISHED' | 'CHANGED' | 'LINEAGE_CHANGED' | 'WITHDRAWN';
  effectiveDate: string;
  before: UnitChangeState | null;
  after: UnitChangeState | null;
  /** In code order. */
  successors: UnitChangeLink[];
  predecessors: UnitChangeLink[];
}

/** Entries a follower reads per request: a page stays within an anonymous caller's cost budget. */
export const unitChangesPageSize = 200;

/** Where the feed is and how to ask it. */
export interface UnitFeedSource {
  /** The public graph (the gateway) or the units subgraph itself. */
  graphUrl: string;
  /** Extra request headers, e.g. an `authorization` bearer token. */
  headers?: Record<string, string>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** The operation a follower reads the feed with (a gateway test checks it is within budget). */
export const unitChangesQuery = `query UnitChanges($after: String, $first: Int!) {
  unitChanges(after: $after, first: $first) {
    pageInfo { hasNextPage endCursor }
    headCursor
    edges {
      cursor
      node {
        sequence code kind effectiveDate
        before { level type name fullName parentCode provinceCode validFrom validTo }
        after { level type name fullName parentCode provinceCode validFrom validTo }
        successors { code provinceCode share resolution }
        predecessors { code provinceCode share resolution }
      }
    }
  }
}`;

/** One page of the feed after `after`. */
export interface UnitChangePage {
  changes: UnitChange[];
  hasNextPage: boolean;
  /** Cursor of the last entry recorded so far; null while the feed is empty. */
  headCursor: string | null;
}

/** Reads one page of the feed after `after` (from its start when null); throws on any failure. */
export async function fetchUnitChanges(
  source: UnitFeedSource,
  after: string | null,
  first: number,
): Promise<UnitChangePage> {
  const fetchImpl = source.fetch ?? globalThis.fetch;
  const response = await fetchImpl(source.graphUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...source.headers },
    body: JSON.stringify({ query: unitChangesQuery, variables: { after, first } }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => ({}))) as {
    data?: {
      unitChanges: {
        pageInfo: { hasNextPage: boolean };
        headCursor: string | null;
        edges: { cursor: string; node: Omit<UnitChange, 'cursor'> }[];
      };
    };
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  if (!body.data || body.errors?.length) {
    const reasons = (body.errors ?? []).map((error) => error.extensions?.code ?? error.message);
    throw new Error(
      `Reading the unit change feed from ${source.graphUrl} failed (HTTP ${response.status}${
        reasons.length ? `: ${reasons.join(', ')}` : ''
      })`,
    );
  }
  const feed = body.data.unitChanges;
  return {
    changes: feed.edges.map((edge) => ({ ...edge.node, cursor: edge.cursor })),
    hasNextPage: feed.pageInfo.hasNextPage,
    headCursor: feed.headCursor,
  };
}

/** How a subgraph follows the feed (see followUnitChanges). */
export interface FollowUnitChangesOptions extends UnitFeedSource {
  /**
   * Pause between two polls once caught up, and before retrying after a failure.
   * @default 3000
   */
  intervalMilliseconds?: number;
  /** Entries per request; 200 keeps a page within an anonymous caller's cost budget at the gateway. @default 200 */
  pageSize?: number;
  /** The cursor of the last entry this subgraph applied (null: the start of the feed). */
  readCursor: () => Promise<string | null>;
  /**
   * Applies entries in order and stores `cursor` (the last entry's) in the same transaction, so
   * that a crash between the two cannot apply an entry twice or skip one. `previousCursor` is
   * the cursor they follow: when the stored one is no longer it (another replica applied them
   * first), the entries are skipped.
   */
  apply: (changes: UnitChange[], cursor: string, previousCursor: string | null) => Promise<void>;
  /**
   * Today in Vietnam: entries dated after it wait (and hold back those after them) until their day.
   */
  today: () => string;
  /**
   * Called when a poll fails (units down, a refused request) with the number of failures in a
   * row; the next tick tries again.
   */
  onError?: (error: unknown, failuresInARow: number) => void;
}

/** A running follower of the unit change feed. */
export interface UnitChangeFollower {
  /**
   * Reads and applies every entry in effect now, page by page; resolves with the number applied.
   * The timer calls it; a test may call it to apply at once.
   */
  poll(): Promise<number>;
  /** Stops the timer and waits for a poll in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Follows the units subgraph's feed of unit changes: every `intervalMilliseconds` it reads the
 * entries after the stored cursor and hands those in effect to `apply`, a page at a time. It
 * never gives up: while the units subgraph or the graph is down it tries again at each tick,
 * from the stored cursor, so it resumes where it stopped after its own restart too.
 */
export function followUnitChanges(options: FollowUnitChangesOptions): UnitChangeFollower {
  const {
    intervalMilliseconds = 3000,
    pageSize = unitChangesPageSize,
    readCursor,
    apply,
    today,
  } = options;
  const stopping = new AbortController();
  // Polls run one after another: a manual poll during a timed one waits for it, then polls.
  let chain: Promise<unknown> = Promise.resolve();

  const pollOnce = async () => {
    let applied = 0;
    let cursor = await readCursor();
    for (;;) {
      const page = await fetchUnitChanges(options, cursor, pageSize);
      const day = today();
      const due = page.changes.findIndex((change) => change.effectiveDate > day);
      const inEffect = due === -1 ? page.changes : page.changes.slice(0, due);
      const last = inEffect.at(-1);
      if (last) {
        await apply(inEffect, last.cursor, cursor);
        applied += inEffect.length;
        cursor = last.cursor;
      }
      if (due !== -1 || !page.hasNextPage || stopping.signal.aborted) return applied;
    }
  };

  const poll = () => {
    const next = chain.then(pollOnce);
    chain = next.catch(() => {});
    return next;
  };

  const loop = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        await poll();
        failures = 0;
      } catch (error) {
        failures += 1;
        options.onError?.(error, failures);
      }
      await sleep(intervalMilliseconds, undefined, { signal: stopping.signal }).catch(() => {});
    }
  })();

  return {
    poll,
    async stop() {
      stopping.abort();
      await loop;
      await chain;
    },
  };
}

/**
 * The cursor of the last entry of the feed (null while it is empty): where a subgraph that has
 * just copied the current units starts following. Retries while the graph is unreachable or the
 * units subgraph is not ready, until `timeoutMilliseconds` (default 180 s) have passed; `onWait`
 * says why, at most every 15 s.
 */
export async function fetchUnitChangesHead(
  source: UnitFeedSource,
  options: { timeoutMilliseconds?: number; onWait?: (reason: string) => void } = {},
): Promise<string | null> {
  const deadline = Date.now() + (options.timeoutMilliseconds ?? 180_000);
  // Tried every second while the graph starts; said once, then every 15 s.
  let lastWait = 0;
  for (;;) {
    try {
      return (await fetchUnitChanges(source, null, 0)).headCursor;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      if (Date.now() - lastWait >= 15_000) {
        lastWait = Date.now();
        options.onWait?.((error as Error).message);
      }
      await sleep(1000);
    }
  }
}
