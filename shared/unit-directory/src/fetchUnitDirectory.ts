import { readOnce } from './readOnce.ts';
import { exportedUnitDirectory, unitDirectoryFileName } from './unitDirectoryExport.ts';
import type { UnitVersion } from './unitVersion.ts';

/** One administrative unit as it stood on the day asked for, from the units subgraph. */
export interface DirectoryUnit extends UnitVersion {
  /** Official statistics-office code: 2 digits for a province, 3 for a district, 5 for a commune. */
  code: string;
  /** The units in force today that carry this one on (itself while in force), in code order. */
  currentCodes: string[];
}

/** How to reach the graph and how long to wait for it. */
export interface UnitDirectoryOptions {
  /** The public graph (the gateway) or the units subgraph itself, e.g. `http://localhost:4000/graphql`. */
  graphUrl: string;
  /** Units per request; the default keeps one page within an anonymous caller's cost budget. @default 1000 */
  pageSize?: number;
  /** Extra request headers, e.g. an `authorization` bearer token. */
  headers?: Record<string, string>;
  /** While the graph is unreachable or still importing, retry until this long has passed. @default 180000 */
  timeoutMilliseconds?: number;
  /** Called before each retry, so a starting service can say what it waits for. */
  onWait?: (reason: string) => void;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * A folder shared by the processes started together (`pnpm start` makes one per start): the
   * list of a day is then read through the graph by one of them and by the others from a file
   * there (see readOnce). Unset: every process reads for itself.
   * @default process.env.UNIT_DIRECTORY_SHARE_DIR
   */
  shareFolder?: string;
}

/** The units subgraph's public query the directory is read with, a page at a time. */
export const directoryQuery = `query UnitDirectory($asOf: Date!, $first: Int!, $after: String) {
  units(asOf: $asOf, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      code level type name fullName validFrom validTo
      parent { code }
      province { code }
      currentUnits { code }
    }
  }
}`;

/** One page of `directoryQuery`'s answer: its `units` field. */
export interface DirectoryPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: (Omit<DirectoryUnit, 'parentCode' | 'provinceCode' | 'currentCodes'> & {
    parent: { code: string } | null;
    province: { code: string };
    currentUnits: { code: string }[];
  })[];
}

interface DirectoryAnswer {
  data?: { units: DirectoryPage };
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Error codes that mean "not yet": the units subgraph is still importing, or not listening. */
const transientCodes = new Set(['SERVICE_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE']);

class TransientError extends Error {}

/**
 * Reads every administrative unit in force on `asOf` (provinces, districts before July 2025,
 * communes), page by page through the units subgraph's public `units` query, and for each the
 * units in force today that carry it on. Waits, retrying, while the graph is unreachable or the
 * units subgraph is still importing (as on a first `pnpm start`); any other error is thrown.
 */
export async function fetchUnitDirectory(
  asOf: string,
  options: UnitDirectoryOptions,
): Promise<DirectoryUnit[]> {
  const { shareFolder = process.env.UNIT_DIRECTORY_SHARE_DIR } = options;
  if (shareFolder) {
    const name = unitDirectoryFileName(asOf);
    const exported = await exportedUnitDirectory(shareFolder, name);
    if (exported) return exported;
    return readOnce(shareFolder, name, () => fetchAllPages(asOf, options));
  }
  return fetchAllPages(asOf, options);
}

async function fetchAllPages(
  asOf: string,
  options: UnitDirectoryOptions,
): Promise<DirectoryUnit[]> {
  const {
    graphUrl,
    pageSize = 1000,
    headers = {},
    timeoutMilliseconds = 180_000,
    onWait,
    fetch: fetchImpl = globalThis.fetch,
  } = options;
  const deadline = Date.now() + timeoutMilliseconds;
  return readDirectoryPages(asOf, pageSize, (variables) =>
    withRetries(deadline, onWait, () => fetchPage(fetchImpl, graphUrl, headers, variables)),
  );
}

/**
 * Reads every page of `directoryQuery` for `asOf` through `readPage` (over HTTP, or in the units
 * subgraph's own process: exportUnitDirectories) and makes each node a DirectoryUnit.
 */
export async function readDirectoryPages(
  asOf: string,
  pageSize: number,
  readPage: (variables: {
    asOf: string;
    first: number;
    after: string | null;
  }) => Promise<DirectoryPage>,
): Promise<DirectoryUnit[]> {
  const units: DirectoryUnit[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await readPage({ asOf, first: pageSize, after });
    for (const node of page.nodes) {
      units.push({
        code: node.code,
        level: node.level,
        type: node.type,
        name: node.name,
        fullName: node.fullName,
        parentCode: node.parent?.code ?? null,
        provinceCode: node.province.code,
        validFrom: node.validFrom,
        validTo: node.validTo,
        currentCodes: node.currentUnits.map((unit) => unit.code),
      });
    }
    if (!page.pageInfo.hasNextPage) return units;
    after = page.pageInfo.endCursor;
  }
}

async function fetchPage(
  fetchImpl: typeof fetch,
  graphUrl: string,
  headers: Record<string, string>,
  variables: Record<string, unknown>,
) {
  let response: Response;
  try {
    response = await fetchImpl(graphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: directoryQuery, variables }),
    });
  } catch (error) {
    throw new TransientError(`${graphUrl} is not answering (${(error as Error).message})`);
  }
  const body = (await response.json().catch(() => ({}))) as DirectoryAnswer;
  const codes = (body.errors ?? []).map((error) => error.extensions?.code ?? '');
  if (
    response.status === 503 ||
    (codes.length > 0 && codes.every((code) => transientCodes.has(code)))
  ) {
    throw new TransientError(
      `the units subgraph is not ready (${codes.join(', ') || response.status})`,
    );
  }
  if (!body.data || body.errors?.length) {
    const messages = (body.errors ?? []).map((error) => error.message).join('; ');
    throw new Error(
      `Reading the unit directory from ${graphUrl} failed (HTTP ${response.status}): ${messages}`,
    );
  }
  return body.data.units;
}

async function withRetries<T>(
  deadline: number,
  onWait: ((reason: string) => void) | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof TransientError) || Date.now() > deadline) throw error;
      onWait?.(error.message);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
