import { fileURLToPath } from 'node:url';
import { composeSupergraph } from './composeSupergraph.ts';
import { composeContract } from './contracts/composeContract.ts';
import { type ContractDefinition, contracts as definedContracts } from './contracts/contracts.ts';
import type { SubgraphDefinition } from './subgraphs.ts';

/** One generated file: where it goes and what it holds. */
export interface GeneratedFile {
  /** Absolute path. */
  path: string;
  content: string;
}

/** The gateway package's folder, where every composed artifact lives. */
export const gatewayFolder = fileURLToPath(new URL('..', import.meta.url));

/** Where `pnpm compose` writes the supergraph. */
export const supergraphPath = `${gatewayFolder}supergraph.graphql`;

/** Where `pnpm compose` records each change of the supergraph. */
export const changelogPath = `${gatewayFolder}schema-changelog.md`;

/** Where `pnpm compose` writes the contracts (`<name>.supergraph.graphql`, `<name>.schema.graphql`). */
export const contractsFolder = `${gatewayFolder}contracts/`;

/** Everything `pnpm compose` writes, or why it cannot. */
export type ArtifactComposition =
  | { ok: true; supergraphSdl: string; files: GeneratedFile[]; hints: string[] }
  | { ok: false; errors: string[] };

/**
 * Composes the supergraph and every contract from the subgraphs' SDL, offline: the files
 * `pnpm compose` writes and `pnpm compose --check` compares with the checked-in ones.
 */
export function composeArtifacts(
  definitions: readonly SubgraphDefinition[],
  contracts: readonly ContractDefinition[] = definedContracts,
): ArtifactComposition {
  const composition = composeSupergraph(definitions);
  if (!composition.ok) return composition;
  const files: GeneratedFile[] = [{ path: supergraphPath, content: composition.supergraphSdl }];
  const errors: string[] = [];
  for (const contract of contracts) {
    const result = composeContract(definitions, contract, composition.supergraphSdl);
    if (!result.ok) {
      errors.push(...result.errors.map((error) => `contract ${contract.name}: ${error}`));
      continue;
    }
    files.push(
      {
        path: `${contractsFolder}${contract.name}.supergraph.graphql`,
        content: result.supergraphSdl,
      },
      { path: `${contractsFolder}${contract.name}.schema.graphql`, content: result.apiSchemaSdl },
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, supergraphSdl: composition.supergraphSdl, files, hints: composition.hints };
}
