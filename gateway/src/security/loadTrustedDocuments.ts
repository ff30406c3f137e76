import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Reviewed operations by the SHA-256 of their text. */
export type TrustedDocuments = ReadonlyMap<string, { name: string; body: string }>;

/**
 * Reads an Apollo persisted query manifest (`{ format: "apollo-persisted-query-manifest",
 * operations: [{ id, name, type, body }] }`, as `@apollo/generate-persisted-query-manifest`
 * writes it). Each id must be the SHA-256 of its body, so that a document found by hash is the
 * document that was reviewed.
 */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    format?: string;
    operations?: { id: string; name: string; body: string }[];
  };
  if (
    manifest.format !== 'apollo-persisted-query-manifest' ||
    !Array.isArray(manifest.operations)
  ) {
    throw new Error(`${path} is not an Apollo persisted query manifest`);
  }
  const documents = new Map<string, { name: string; body: string }>();
  for (const operation of manifest.operations) {
    const hash = createHash('sha256').update(operation.body).digest('hex');
    if (hash !== operation.id) {
      throw new Error(`Trusted document ${operation.name} has an id that is not its SHA-256`);
    }
    documents.set(hash, { name: operation.name, body: operation.body });
  }
  return documents;
}
