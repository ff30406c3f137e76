import { stripSensitiveLiterals } from '@apollo/utils.stripsensitiveliterals';
import { type DocumentNode, print } from 'graphql';
import type { BatchedWriter, BatchedWriterOptions } from './batchedWriter.ts';
import { operationDocuments } from './db/schema.ts';

/** Keeps the documents the audit log names by hash, for `pnpm schema:check`. */
export interface OperationDocuments extends BatchedWriter {
  /**
   * Queues the document of an audited operation, once per hash, with its literal values
   * stripped; never delays the request.
   */
  record(documentHash: string, document: DocumentNode): void;
}

/** How the document store batches. */
export interface OperationDocumentsOptions extends BatchedWriterOptions {
  /**
   * Longest wait before queued documents are written.
   * @default 1000
   */
  flushMilliseconds?: number;
  /**
   * Documents queued at most; beyond it new ones are dropped (they are evidence of use, not
   * records: the audit row itself is kept by the audit log) until the queue drains.
   * @default 1000
   */
  maxQueue?: number;
  /**
   * Hashes remembered as written, so that a document is written once per process; the set is
   * emptied when it reaches this size (a second write of a known hash changes nothing).
   * @default 10000
   */
  maxRemembered?: number;
}

/**
 * Creates the store of operation documents: `gateway.operation_documents`, one row per document
 * hash, its text printed with every string, number, list and object literal replaced
 * (`stripSensitiveLiterals`, as Apollo's usage reporting does), so that no value a caller typed
 * (a name, an ID number) is kept. Writes are batched and idempotent (`ON CONFLICT DO NOTHING`);
 * a failed batch is logged and dropped, since the audit row does not depend on it.
 */
export function createOperationDocuments(options: OperationDocumentsOptions): OperationDocuments {
  const { db, logger } = options;
  const maxQueue = options.maxQueue ?? 1_000;
  const maxRemembered = options.maxRemembered ?? 10_000;
  const queue = new Map<string, string>();
  const remembered = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let droppedSinceLog = 0;

  const write = async () => {
    const batch = [...queue];
    queue.clear();
    if (batch.length === 0) return;
    const firstSeenAt = new Date();
    try {
      await db
        .insert(operationDocuments)
        .values(batch.map(([documentHash, document]) => ({ documentHash, document, firstSeenAt })))
        .onConflictDoNothing();
    } catch (error) {
      for (const [hash] of batch) remembered.delete(hash);
      logger.warn({ err: error, documents: batch.length }, 'operation documents not written');
    }
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    writing = writing.then(write);
    return writing;
  };

  return {
    record(documentHash, document) {
      if (remembered.has(documentHash) || queue.has(documentHash)) return;
      if (queue.size >= maxQueue) {
        if (droppedSinceLog++ === 0) logger.warn('operation document queue full: dropping');
        return;
      }
      droppedSinceLog = 0;
      if (remembered.size >= maxRemembered) remembered.clear();
      remembered.add(documentHash);
      queue.set(documentHash, print(stripSensitiveLiterals(document)));
      if (!timer) {
        timer = setTimeout(() => void flush(), options.flushMilliseconds ?? 1_000);
        timer.unref();
      }
    },
    flush,
    close: flush,
  };
}
