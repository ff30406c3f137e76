import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  getTableConfig,
  type PgDatabase,
  type PgQueryResultHKT,
  type PgTable,
} from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value of a row to copy: text, a number, a boolean, or null. Dates go as ISO text. */
export type CopyValue = string | number | bigint | boolean | null;

/** A drizzle database or transaction over node-postgres or PGlite (any schema). */
// biome-ignore lint/suspicious/noExplicitAny: rows are copied by table name, over any schema.
export type AnyDatabase = PgDatabase<PgQueryResultHKT, any>;

/** What drizzle keeps under a database or transaction: the driver's client or pool. */
interface PgliteLike {
  query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}

/** Rows per COPY statement on PGlite, whose COPY reads one in-memory file at a time. */
const pgliteChunkRows = 100_000;

/** Bytes per chunk of the COPY stream to node-postgres. */
const streamChunkBytes = 1 << 20;

const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const special = /[\\\t\n\r]/;

/** One value in COPY's text format. */
function field(value: CopyValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    return special.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => escapes[c]!) : value;
  }
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

/** Rows as lines of COPY's text format, grouped into chunks of about `size` characters or rows. */
function* chunks(
  rows: Iterable<readonly CopyValue[]>,
  fits: (lines: number, length: number) => boolean,
): Generator<string> {
  let lines: string[] = [];
  let length = 0;
  for (const row of rows) {
    const line = `${row.map(field).join('\t')}\n`;
    lines.push(line);
    length += line.length;
    if (!fits(lines.length, length)) {
      yield lines.join('');
      lines = [];
      length = 0;
    }
  }
  if (lines.length > 0) yield lines.join('');
}

/**
 * Rows as COPY's text format in chunks of `rowsPerChunk` rows (100,000 by default: one PGlite
 * COPY each), for `copyChunks`: e.g. made in a worker thread while another chunk is copied.
 */
export function copyText(
  rows: Iterable<readonly CopyValue[]>,
  rowsPerChunk = pgliteChunkRows,
): Generator<string> {
  return chunks(rows, (lines) => lines < rowsPerChunk);
}

/** The schema-qualified, quoted SQL name of a drizzle table, for statements drizzle cannot build. */
export function tableName(table: PgTable): string {
  const { schema, name } = getTableConfig(table);
  return schema ? `"${schema}"."${name}"` : `"${name}"`;
}

/** The driver's client under a drizzle database or transaction (drizzle keeps it in its session). */
function clientOf(db: AnyDatabase): unknown {
  const session = (db as unknown as { session?: { client?: unknown } }).session;
  if (!session?.client) throw new Error('copyRows: no driver client under this database');
  return session.client;
}

/**
 * Loads `rows` into `table` with COPY, the fastest way into Postgres: a stream on node-postgres
 * (`COPY ... FROM STDIN`), in-memory files of 100,000 rows on PGlite (`COPY ... FROM
 * '/dev/blob'`). Run it in the transaction of the rest of the load: on node-postgres the rows
 * go through that transaction's connection (on a bare pool, one connection of it). `columns` are
 * trusted SQL identifiers. Returns the rows copied.
 */
export async function copyRows(
  db: AnyDatabase,
  table: PgTable,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  const client = clientOf(db);
  let copied = 0;
  const counted = (function* () {
    for (const row of rows) {
      copied += 1;
      yield row;
    }
  })();
  const statement = `COPY ${tableName(table)} (${columns.join(', ')}) FROM`;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    const connection = client instanceof pg.Pool ? await client.connect() : client;
    try {
      const text = chunks(counted, (_lines, length) => length < streamChunkBytes);
      await pipeline(Readable.from(text), connection.query(copyFrom(`${statement} STDIN`)));
    } finally {
      if (client instanceof pg.Pool) (connection as pg.PoolClient).release();
    }
    return copied;
  }
  const pglite = client as PgliteLike;
  for (const text of chunks(counted, (lines) => lines < pgliteChunkRows)) {
    await pglite.query(`${statement} '/dev/blob'`, [], { blob: new Blob([text]) });
  }
  return copied;
}

/**
 * Loads chunks of COPY text (`copyText`, as text or UTF-8 bytes, each ending with a whole line)
 * into `table` as they come, the way `copyRows` loads rows: one COPY per chunk on PGlite, one
 * stream on node-postgres. Same trust and transaction rules as `copyRows`.
 */
export async function copyChunks(
  db: AnyDatabase,
  table: PgTable,
  columns: readonly string[],
  chunks: AsyncIterable<string | Uint8Array>,
): Promise<void> {
  const client = clientOf(db);
  const statement = `COPY ${tableName(table)} (${columns.join(', ')}) FROM`;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    const connection = client instanceof pg.Pool ? await client.connect() : client;
    try {
      await pipeline(Readable.from(chunks), connection.query(copyFrom(`${statement} STDIN`)));
    } finally {
      if (client instanceof pg.Pool) (connection as pg.PoolClient).release();
    }
    return;
  }
  const pglite = client as PgliteLike;
  for await (const chunk of chunks) {
    await pglite.query(`${statement} '/dev/blob'`, [], { blob: new Blob([chunk as BlobPart]) });
  }
}
