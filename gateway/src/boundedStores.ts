import type { DocumentStore } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

/**
 * Bounds of Apollo's per-schema caches, in MiB of their entries' JSON (the measure Apollo's own
 * caches use), for each served schema (the API and every contract). Apollo's defaults are 30 MiB
 * each; the heap an entry takes is about one to two times its JSON, so four such caches (a
 * document store and a query-plan store for the API and for one contract) could hold 120 MiB of
 * JSON, over 200 MB of heap, once clients send enough distinct operations. 8 MiB keeps
 * thousands of operations (the Nghệ An query's plan is about 10 KB) and caps the four at 32 MiB.
 */
export const documentStoreMiB = 8;
export const queryPlanStoreMiB = 8;

/**
 * Apollo Server's store of parsed and validated documents, keyed by the query's hash, bounded by
 * the documents' JSON size (least recently used out first), as Apollo's default store but smaller.
 */
export function boundedDocumentStore(mebibytes = documentStoreMiB): DocumentStore {
  const cache = new LRUCache<string, DocumentNode>({
    maxSize: 2 ** 20 * mebibytes,
    sizeCalculation: (document) => Math.max(1, Buffer.byteLength(JSON.stringify(document))),
  });
  return {
    get: async (key) => cache.get(key),
    set: async (key, document) => {
      cache.set(key, document);
    },
    delete: async (key) => cache.delete(key),
  };
}
