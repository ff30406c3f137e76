import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  getTableConfig,
  type PgColumn,
  type PgDatabase,
  type PgQueryResultHKT,
  type PgTable,
} from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value of a row to copy: text, a number, a boolean, or null. Dates go as ISO text. */
export type CopyValue = string | number | bigint | boolean | null;

/**
 * A column of `TTable` as drizzle declared it (e.g. `dossiers.procedureCode`): what a COPY fills,
 * so that a column of another table is a type error.
 */
export type ColumnOf<TTable extends PgTable> = TTable['_']['columns'][keyof TTable['_']['columns']];

/** A drizzle database or transaction over node-postgres or PGlite (any schema). */
// biome-ignore lint/suspicious/noExplicitAny: rows are copied by table name, over any schema.
export type AnyDatabase = PgDatabase<PgQueryResultHKT, any>;

/** What drizzle keeps under a database or transaction: the driver's client or pool. */
interface PgliteLike {
  query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}

/**
 * The in-memory file a PGlite COPY reads (`/dev/blob`): a Blob over bytes already made, which
 * PGlite reads whole with `arrayBuffer()` (its only use of the Blob). Node's own Blob copies the
 * bytes when made and again, in pieces joined together, when read: for the 300 MB of a first
 * start's demo counters that was about 2 s of the thread that runs PGlite, the one that bounds a
 * cold start (`node --cpu-prof`: `getSource`, `readNext`, `concat`).
 */
export class BytesBlob extends Blob {
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    super();
    this.#bytes = bytes;
  }

  override get size() {
    return this.#bytes.byteLength;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#bytes;
    const { buffer } = bytes;
    // A view of the whole of its own buffer goes as it is; any other (a Buffer of Node's pool, a
    // piece of a larger buffer) is copied out (`new Uint8Array`: a Buffer's `slice` copies nothing).
    const whole =
      buffer instanceof ArrayBuffer &&
      bytes.byteOffset === 0 &&
      bytes.byteLength === buffer.byteLength;
    return Promise.resolve(whole ? buffer : new Uint8Array(bytes).buffer);
  }

  // Every other way of reading it goes through a Node Blob of the same bytes, made when asked:
  // the Blob this extends is empty, and must never be read as it is.
  #copy() {
    return new Blob([this.#bytes as Uint8Array<ArrayBuffer>]);
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#copy().bytes();
  }

  override text(): Promise<string> {
    return this.#copy().text();
  }

  override stream() {
    return this.#copy().stream();
  }

  override slice(start?: number, end?: number, contentType?: string): Blob {
    return this.#copy().slice(start, end, contentType);
  }
}

/** A COPY chunk as PGlite's `/dev/blob`: text encoded once, bytes as they are (BytesBlob). */
function blobOf(chunk: string | Uint8Array): Blob {
  return new BytesBlob(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
}

/** Rows per COPY statement on PGlite, whose COPY reads one in-memory file at a time. */
const pgliteChunkRows = 100_000;

/** Bytes per chunk of the COPY stream to node-postgres. */
const streamChunkBytes = 1 << 20;

const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const special = /[\\\t\n\r]/g;
const tab = 9;
const newline = 10;

/**
 * Writes rows in COPY's text format straight into UTF-8 bytes: whole numbers digit by digit and
 * short ASCII text character by character, with no string made per value or per line (formatting
 * 1.7 million counter rows as strings and encoding them cost about three times as much CPU).
 */
class CopyTextWriter {
  private bytes = new Uint8Array(1 << 20);
  private length = 0;
  private readonly encoder = new TextEncoder();

  /** Bytes written since the last `take`. */
  get size(): number {
    return this.length;
  }

  private reserve(count: number) {
    if (this.length + count <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + count));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  row(values: readonly CopyValue[]) {
    for (let index = 0; index < values.length; index++) {
      if (index > 0) this.byte(tab);
      this.value(values[index]!);
    }
    this.byte(newline);
  }

  /** The bytes written since the last `take`, as a buffer of their own. */
  take(): Uint8Array {
    const taken = this.bytes.slice(0, this.length);
    this.length = 0;
    return taken;
  }

  private byte(value: number) {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  private value(value: CopyValue) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) this.integer(value);
    else if (typeof value === 'string') this.text(value);
    else if (value === null) this.ascii('\\N');
    else if (typeof value === 'boolean') this.byte(value ? 0x74 : 0x66);
    else this.ascii(String(value));
  }

  /** A whole number (below 2^53 in size) in decimal. */
  private integer(value: number) {
    this.reserve(17);
    const bytes = this.bytes;
    let rest = value;
    if (rest < 0) {
      bytes[this.length++] = 0x2d;
      rest = -rest;
    }
    const first = this.length;
    do {
      const next = Math.floor(rest / 10);
      bytes[this.length++] = 0x30 + (rest - next * 10);
      rest = next;
    } while (rest > 0);
    for (let low = first, high = this.length - 1; low < high; low++, high--) {
      const digit = bytes[low]!;
      bytes[low] = bytes[high]!;
      bytes[high] = digit;
    }
  }

  /** Text with COPY's escapes: ASCII without control characters copied as it is, the rest encoded. */
  private text(value: string) {
    const count = value.length;
    this.reserve(count);
    const bytes = this.bytes;
    let at = this.length;
    for (let index = 0; index < count; index++) {
      const code = value.charCodeAt(index);
      if (code > 0x7e || code < 0x20 || code === 0x5c) {
        this.encoded(value);
        return;
      }
      bytes[at++] = code;
    }
    this.length = at;
  }

  private encoded(value: string) {
    const escaped = value.replace(special, (character) => escapes[character]!);
    this.reserve(escaped.length * 3);
    this.length += this.encoder.encodeInto(escaped, this.bytes.subarray(this.length)).written;
  }

  private ascii(value: string) {
    this.reserve(value.length);
    for (let index = 0; index < value.length; index++) {
      this.bytes[this.length++] = value.charCodeAt(index);
    }
  }
}

/** Rows as COPY's text format in UTF-8, in chunks of whole lines until `fits` says one is full. */
function* chunks(
  rows: Iterable<readonly CopyValue[]>,
  fits: (lines: number, bytes: number) => boolean,
): Generator<Uint8Array> {
  const writer = new CopyTextWriter();
  let lines = 0;
  for (const row of rows) {
    writer.row(row);
    lines += 1;
    if (!fits(lines, writer.size)) {
      yield writer.take();
      lines = 0;
    }
  }
  if (lines > 0) yield writer.take();
}

/**
 * Rows as COPY's text format (UTF-8 bytes) in chunks of `rowsPerChunk` rows (100,000 by default:
 * one PGlite COPY each), for `copyChunks`: e.g. made in a worker thread, each chunk a buffer of
 * its own to transfer, while another chunk is copied.
 */
export function copyText(
  rows: Iterable<readonly CopyValue[]>,
  rowsPerChunk = pgliteChunkRows,
): Generator<Uint8Array> {
  return chunks(rows, (lines) => lines < rowsPerChunk);
}

/** The schema-qualified, quoted SQL name of a drizzle table, for statements drizzle cannot build. */
export function tableName(table: PgTable): string {
  const { schema, name } = getTableConfig(table);
  return schema
    ? `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)}`
    : pg.escapeIdentifier(name);
}

/**
 * The start of the COPY statement of `columns` into `table` (`COPY "schema"."table" ("a", "b")
 * FROM`), their SQL names as drizzle has them. Refuses an empty list, a column listed twice and a
 * column of another table, before anything is copied.
 */
function copyStatement(table: PgTable, columns: readonly PgColumn[]): string {
  const name = tableName(table);
  if (columns.length === 0) throw new Error(`copyRows: no columns to copy into ${name}`);
  const own = new Set<PgColumn>(getTableConfig(table).columns);
  const seen = new Set<string>();
  for (const column of columns) {
    if (!own.has(column)) {
      throw new Error(
        `copyRows: column ${pg.escapeIdentifier(column.name)} of ${tableName(column.table)} is not a column of ${name}`,
      );
    }
    if (seen.has(column.name)) {
      throw new Error(
        `copyRows: column ${pg.escapeIdentifier(column.name)} of ${name} is listed twice`,
      );
    }
    seen.add(column.name);
  }
  return `COPY ${name} (${columns.map((column) => pg.escapeIdentifier(column.name)).join(', ')}) FROM`;
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
 * the table's own drizzle columns in the order of each row's values (`[dossiers.id,
 * dossiers.procedureCode, …]`), copied under their SQL names, quoted; an empty list, a column
 * listed twice or one of another table is refused before anything is copied. Returns the rows
 * copied.
 */
export async function copyRows<TTable extends PgTable>(
  db: AnyDatabase,
  table: TTable,
  columns: readonly ColumnOf<NoInfer<TTable>>[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  const statement = copyStatement(table, columns);
  const client = clientOf(db);
  let copied = 0;
  const counted = (function* () {
    for (const row of rows) {
      copied += 1;
      yield row;
    }
  })();
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    const connection = client instanceof pg.Pool ? await client.connect() : client;
    try {
      const text = chunks(counted, (_lines, bytes) => bytes < streamChunkBytes);
      await pipeline(Readable.from(text), connection.query(copyFrom(`${statement} STDIN`)));
    } finally {
      if (client instanceof pg.Pool) (connection as pg.PoolClient).release();
    }
    return copied;
  }
  const pglite = client as PgliteLike;
  for (const bytes of copyText(counted)) {
    await pglite.query(`${statement} '/dev/blob'`, [], { blob: blobOf(bytes) });
  }
  return copied;
}

/**
 * Loads chunks of COPY text (`copyText`, as text or UTF-8 bytes, each ending with a whole line)
 * into `table` as they come, the way `copyRows` loads rows: one COPY per chunk on PGlite, one
 * stream on node-postgres. Same columns and transaction rules as `copyRows`.
 */
export async function copyChunks<TTable extends PgTable>(
  db: AnyDatabase,
  table: TTable,
  columns: readonly ColumnOf<NoInfer<TTable>>[],
  chunks: AsyncIterable<string | Uint8Array>,
): Promise<void> {
  const statement = copyStatement(table, columns);
  const client = clientOf(db);
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
    await pglite.query(`${statement} '/dev/blob'`, [], { blob: blobOf(chunk) });
  }
}
