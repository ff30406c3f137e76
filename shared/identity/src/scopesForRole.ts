/**
 * The four kinds of caller. A ministry writer (`writer`) writes to one subgraph, its ministry's
 * own, optionally only within one province.
 */
export type Role = 'anonymous' | 'researcher' | 'writer' | 'admin';

/** Every role, from least to most trusted. */
const roles: readonly Role[] = ['anonymous', 'researcher', 'writer', 'admin'];

/** The subgraphs that exist; a writer's `subgraph` claim and an admin's scopes name them. */
export const subgraphNames: readonly string[] = [
  'units',
  'associations',
  'personnel',
  'procedures',
];

/** Who is asking, as verified by the gateway and forwarded, signed, to the subgraphs. */
export interface Identity {
  /** Token subject (`sub`); null for an anonymous caller. */
  subject: string | null;
  role: Role;
  /** Scopes the caller holds: those of the token that its role allows, never more. */
  scopes: readonly string[];
  /** The one subgraph a ministry writer may write to. */
  subgraph?: string | undefined;
  /** Province code (2 digits) a ministry writer is restricted to, when it is. */
  province?: string | undefined;
  /** Token id (`jti`), which revocation names. */
  tokenId?: string | undefined;
}

/** Public reads; every caller holds it, so a `@tag(name: "public")` field needs nothing. */
export const readPublicScope = 'read:public';
/** Aggregate and statistical reads beyond the public ones; any known caller. */
const readAggregateScope = 'read:aggregate';
/** Management of tokens, audit and everybody's usage. */
export const adminScope = 'admin';

/** The caller without a token: public reads only. */
export const anonymousIdentity: Identity = Object.freeze({
  subject: null,
  role: 'anonymous',
  scopes: Object.freeze([readPublicScope]),
});

/** The scope that lets a caller write the data of `subgraph`. */
function writeScope(subgraph: string): string {
  return `write:${subgraph}`;
}

/** The scope that lets a caller read the personal fields served by `subgraph`. */
function readPersonalScope(subgraph: string): string {
  return `read:personal:${subgraph}`;
}

const subgraphPattern = /^[a-z][a-z0-9]*$/;
const provincePattern = /^[0-9]{2}$/;

/** Whether `name` is shaped like a subgraph name (one lowercase word). */
export function isSubgraphName(name: string): boolean {
  return subgraphPattern.test(name);
}

/** Whether `code` is shaped like a province code (two digits, e.g. `40` for Nghệ An). */
export function isProvinceCode(code: string): boolean {
  return provincePattern.test(code);
}

/**
 * The scopes a role may ever hold. A token may carry fewer; scopes beyond these are dropped, so
 * that a misconfigured identity provider can never give a researcher personal data.
 */
export function scopesForRole(role: Role, subgraph?: string): string[] {
  switch (role) {
    case 'anonymous':
      return [readPublicScope];
    case 'researcher':
      // Read-only and never personal data, whatever the token says.
      return [readPublicScope, readAggregateScope];
    case 'writer':
      if (!subgraph) return [readPublicScope, readAggregateScope];
      // A ministry reads the personal records it writes, and only those of its own subgraph.
      return [
        readPublicScope,
        readAggregateScope,
        writeScope(subgraph),
        readPersonalScope(subgraph),
      ];
    case 'admin':
      return [
        readPublicScope,
        readAggregateScope,
        adminScope,
        ...subgraphNames.flatMap((name) => [writeScope(name), readPersonalScope(name)]),
      ];
  }
}

/** Narrows the scopes a token claims to those its role allows; all of them when it claims none. */
export function effectiveScopes(
  role: Role,
  subgraph: string | undefined,
  claimed: readonly string[] | undefined,
): string[] {
  const allowed = scopesForRole(role, subgraph);
  if (!claimed || claimed.length === 0) return allowed;
  const granted = new Set(claimed);
  // read:public is implied for everyone: public fields never depend on a token.
  return allowed.filter((scope) => scope === readPublicScope || granted.has(scope));
}

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
