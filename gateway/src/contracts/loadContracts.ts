import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRole, type Role } from '@home-affairs/identity';
import type { GatewayContract } from '../createGateway.ts';
import { loadableSupergraph } from '../security/prepareSupergraph.ts';
import { contractSource, supergraphHash } from './composeContract.ts';

/** Which contract each role is served; a role not named gets the whole API schema. */
export type ContractRoles = Partial<Record<Role, string>>;

/** `CONTRACT_ROLES` when it is not set: researchers see the researcher contract. */
const defaultContractRoles = 'researcher=researcher';

/**
 * Reads `CONTRACT_ROLES`: comma-separated `role=contract` pairs (default
 * `researcher=researcher`; `anonymous=public,researcher=researcher` also gives anonymous callers
 * the public contract). Empty (`CONTRACT_ROLES=`) serves every role the whole API schema, the
 * explicit choice for a supergraph composed without contracts. Reads nothing else.
 */
export function contractRolesFromEnv(env: NodeJS.ProcessEnv): ContractRoles {
  const text = env.CONTRACT_ROLES ?? defaultContractRoles;
  const roles: ContractRoles = {};
  for (const pair of text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const [role, contract, ...rest] = pair.split('=').map((part) => part.trim());
    if (!isRole(role) || !contract || !/^[a-z][a-z0-9]*$/.test(contract) || rest.length > 0) {
      throw new Error(
        `CONTRACT_ROLES must be role=contract pairs separated by commas (anonymous, researcher, writer, admin; e.g. ${defaultContractRoles}); "${pair}" is not one`,
      );
    }
    roles[role] = contract;
  }
  return roles;
}

/**
 * Reads the contracts `roles` names from `folder` (`<name>.supergraph.graphql`, written by
 * `pnpm compose`), each checked to have been composed beside `supergraphSdl` and to load in
 * Apollo Gateway. Throws, naming the file and the fix, when one is missing or stale: a caller
 * meant to see a contract never gets the whole schema instead.
 */
export function loadContracts(options: {
  folder: string;
  roles: ContractRoles;
  supergraphSdl: string;
}): GatewayContract[] {
  const expected = supergraphHash(options.supergraphSdl);
  return [...new Set(Object.values(options.roles))].map((name) => {
    const path = join(options.folder, `${name}.supergraph.graphql`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(
        `The contract "${name}" (CONTRACT_ROLES) is not at ${path}: compose it with \`pnpm compose\`, point CONTRACTS_DIR at its folder, or set CONTRACT_ROLES= to serve every role the whole schema`,
      );
    }
    if (contractSource(text) !== expected) {
      throw new Error(
        `The contract ${path} was not composed beside this supergraph: run \`pnpm compose\` and deploy both files together`,
      );
    }
    return { name, supergraphSdl: loadableSupergraph(text) };
  });
}
