import { forbiddenError } from './authorizationErrors.ts';
import type { Identity } from './scopesForRole.ts';

/**
 * Refuses a write by a province-restricted ministry writer to a record of another province. A
 * subgraph calls it in its write resolvers with the province of the record actually touched,
 * since only the subgraph knows that (a commune code does not spell out its province).
 */
export function requireProvince(identity: Identity, provinceCode: string | null | undefined): void {
  if (identity.province === undefined) return;
  if (provinceCode !== identity.province) {
    throw forbiddenError('This token may only write records of its own province.');
  }
}
