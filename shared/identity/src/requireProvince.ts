import type { GraphQLFieldResolver } from 'graphql';
import { forbiddenError } from './authorizationErrors.ts';
import type { IdentityContext } from './authorizationPlugin.ts';
import type { Identity } from './scopesForRole.ts';

/**
 * What a province-restricted caller may do only with records of its own province:
 * - `write`: change the record;
 * - `refer`: name it from a write (the successor of a merger, the organisation merged into);
 * - `readPersonal`: read the personal data the record holds.
 */
export type ProvinceScopedAccess = 'write' | 'refer' | 'readPersonal';

const refusal: Record<ProvinceScopedAccess, string> = {
  write: 'This token may only write records of its own province.',
  refer: 'This token may only refer to records of its own province',
  readPersonal: 'This token may only read personal data of records of its own province.',
};

/**
 * Refuses a province-restricted caller (a ministry writer with a `province` claim) a record of
 * another province, or of none (a central agency, a ministry-licensed organisation), with
 * FORBIDDEN. A subgraph calls it with the province of the record actually touched, referred to
 * or read, since only the subgraph knows it (a commune code does not spell out its province);
 * a refused reference names its input field (`field`). Callers without the claim pass.
 */
export function requireProvince(
  identity: Identity,
  provinceCode: string | null | undefined,
  options: { access?: ProvinceScopedAccess; field?: string } = {},
): void {
  if (identity.province === undefined || provinceCode === identity.province) return;
  const { access = 'write', field } = options;
  throw forbiddenError(
    access === 'refer' && field ? `${refusal.refer} (${field}).` : refusal[access],
    field ? { field } : {},
  );
}

/**
 * Resolvers for the personal fields `fields` of a type whose records belong to the province
 * `provinceOf(record)`: each answers the record's value, or FORBIDDEN at its path when a
 * province-restricted caller reads a record of another province. The schema's
 * `@requiresScopes` still decides who may read personal fields at all; this adds where.
 */
export function personalFieldResolvers<TRecord extends object>(
  fields: readonly (keyof TRecord & string)[],
  provinceOf: (record: TRecord) => string | null | undefined,
): Record<string, GraphQLFieldResolver<TRecord, IdentityContext>> {
  return Object.fromEntries(
    fields.map((name) => [
      name,
      (record: TRecord, _args: unknown, context: IdentityContext) => {
        requireProvince(context.identity, provinceOf(record), { access: 'readPersonal' });
        return record[name];
      },
    ]),
  );
}
