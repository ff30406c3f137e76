import type { Role } from '@home-affairs/identity';

/** One audience-filtered schema: what its audience may see of the graph. */
export interface ContractDefinition {
  /** One lowercase word: its file names (`gateway/contracts/<name>.*`) and `CONTRACT_ROLES`. */
  name: string;
  /** Who it is for and what it leaves out, as its generated files say. */
  description: string;
  /**
   * The role it is made for: `pnpm schema:check` fails when the contract shows a field whose
   * policy that role can never satisfy (the field needs one of the excluded tags).
   */
  audience: Role;
  /** Every type, field, argument or enum value tagged with one of these is `@inaccessible`. */
  excludeTags: readonly string[];
}

/**
 * The tags that decide what a contract leaves out. A subgraph puts them beside the policy they
 * mirror; `pnpm schema:check` checks that tags and policies agree.
 */
export const contractTags = {
  /** Personal data of individuals (the field also needs `read:personal:<subgraph>`). */
  personal: 'personal',
  /** Writes: put on a subgraph's `type Mutation`, it covers every mutation of that subgraph. */
  write: 'write',
  /** Aggregate reads beyond the public ones (the field also needs `read:aggregate`). */
  aggregate: 'aggregate',
} as const;

/**
 * The contracts composed offline by `pnpm compose` (gateway/contracts/) and served by the gateway
 * to the roles `CONTRACT_ROLES` maps to them (docs/contracts.md, ADR 0008).
 */
export const contracts: readonly ContractDefinition[] = [
  {
    name: 'public',
    description:
      'What anyone may read without a token: no personal data, no writes, no aggregates reserved to known callers.',
    audience: 'anonymous',
    excludeTags: [contractTags.personal, contractTags.write, contractTags.aggregate],
  },
  {
    name: 'researcher',
    description: 'For external researchers: read-only, no personal data.',
    audience: 'researcher',
    excludeTags: [contractTags.personal, contractTags.write],
  },
];
