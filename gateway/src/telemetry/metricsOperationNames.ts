import {
  loadTrustedDocumentRegistry,
  type TrustedManifestSource,
} from '../security/loadTrustedDocuments.ts';

/** The largest set of operation names counted under their own label; the rest count as `other`. */
export const maxOperationLabels = 500;

/**
 * The operation names the gateway's request metrics count by name: every operation of the
 * trusted-document manifests (reviewed, so bounded), and `METRICS_OPERATIONS` (comma-separated,
 * for the well-known queries of clients that send whole documents, e.g. `NgheAn`). At most
 * `maxOperationLabels`: a longer list fails at startup rather than flooding Prometheus.
 */
export function metricsOperationNames(
  trustedDocuments: readonly TrustedManifestSource[] | undefined,
  env: NodeJS.ProcessEnv,
): Set<string> {
  const names = new Set<string>();
  for (const set of loadTrustedDocumentRegistry(trustedDocuments ?? []).sets) {
    for (const { name } of set.documents.values()) if (name) names.add(name);
  }
  for (const name of (env.METRICS_OPERATIONS ?? '').split(',')) {
    const trimmed = name.trim();
    if (!trimmed) continue;
    if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(trimmed)) {
      throw new Error(`METRICS_OPERATIONS: "${trimmed}" is not a GraphQL operation name`);
    }
    names.add(trimmed);
  }
  if (names.size > maxOperationLabels) {
    throw new Error(
      `${names.size} operation names to count by name; at most ${maxOperationLabels} are allowed`,
    );
  }
  return names;
}
