import { CriticalityLevel, DiffRule, diff } from '@graphql-inspector/core';
import type { Policy, Role, SchemaPolicies } from '@home-affairs/identity';
import { parse } from 'graphql';
import { apiSchemaOf } from '../contracts/composeContract.ts';
import { fieldsBeyondAudience } from '../contracts/fieldsBeyondAudience.ts';
import { prepareSupergraph } from '../security/prepareSupergraph.ts';
import { ownersOf, supergraphOwners } from '../supergraphOwners.ts';

/** How a change affects clients: it breaks some, it may change what some see, or neither. */
export type Classification = 'breaking' | 'dangerous' | 'safe';

/** One change between two supergraphs, as clients of the graph see it. */
export interface SchemaChange {
  /** graphql-inspector's change type (`FIELD_REMOVED`, ...), or `POLICY_CHANGED`. */
  type: string;
  /** Schema coordinate: `Type`, `Type.field`, `Type.field.argument`, `Enum.VALUE`. */
  path: string;
  message: string;
  classification: Classification;
  /** Why it is classified so, when there is more to say than the message. */
  reason?: string | undefined;
  /** The subgraphs that define the element (after the change, or before it for a removal). */
  subgraphs: string[];
}

const classifications: Record<CriticalityLevel, Classification> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

/** The roles whose access a policy change is judged by: the graph's outside callers. */
const judgedRoles: readonly Role[] = ['anonymous', 'researcher'];

/** A policy in words: `public`, `authenticated`, `scopes read:aggregate or admin`. */
function describePolicy(policy: Policy | undefined): string {
  if (!policy) return 'public';
  const scopes = policy.scopes.map((set) => set.join(' and ')).join(' or ');
  return [policy.authenticated ? 'authenticated' : '', scopes && `scopes ${scopes}`]
    .filter(Boolean)
    .join(', ');
}

/**
 * Every change from `before` to `after` (two supergraphs), on the API schemas clients see
 * (graphql-inspector's diff and its breaking/dangerous/safe rules), plus changes of the policies
 * the gateway enforces (ADR 0002), which the API schema does not show: a field an outside role
 * (anonymous, researcher) could read and no longer can is breaking; one it can read now and could
 * not before is dangerous (more is exposed: review it). Each change names the subgraphs behind it.
 */
export async function diffSupergraphs(
  before: string,
  after: string,
  options: {
    /**
     * Leave out changes of descriptions only (the changelog does; a check lists them).
     * @default false
     */
    ignoreDescriptions?: boolean;
  } = {},
): Promise<SchemaChange[]> {
  const oldSchema = apiSchemaOf(before);
  const newSchema = apiSchemaOf(after);
  const oldOwners = supergraphOwners(parse(before));
  const newOwners = supergraphOwners(parse(after));
  // simplifyChanges folds the fields of an added or removed type into that one change.
  const found = await diff(oldSchema, newSchema, [DiffRule.simplifyChanges]);
  const changes: SchemaChange[] = found
    // inspector's ignoreDescriptionChanges leaves a type's first description in: match the type.
    .filter((change) => !options.ignoreDescriptions || !change.type.includes('DESCRIPTION'))
    .map((change) => {
      const path = change.path ?? '';
      const removal = /REMOVED$/.test(change.type);
      const subgraphs = removal
        ? ownersOf(oldOwners, path)
        : ownersOf(newOwners, path).length > 0
          ? ownersOf(newOwners, path)
          : ownersOf(oldOwners, path);
      return {
        type: change.type,
        path,
        message: change.message,
        classification: classifications[change.criticality.level],
        reason: change.criticality.reason,
        subgraphs,
      };
    });

  const oldPolicies = policiesOf(before);
  const newPolicies = policiesOf(after);
  const beyond = (schema: typeof oldSchema, policies: SchemaPolicies, role: Role) =>
    new Set(fieldsBeyondAudience(schema, policies, role));
  const oldBeyond = judgedRoles.map((role) => beyond(oldSchema, oldPolicies, role));
  const newBeyond = judgedRoles.map((role) => beyond(newSchema, newPolicies, role));
  const newFields = new Set(
    Object.values(newSchema.getTypeMap()).flatMap((type) =>
      'getFields' in type && !type.name.startsWith('__')
        ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`)
        : [],
    ),
  );
  for (const path of newFields) {
    const [typeName, fieldName] = path.split('.') as [string, string];
    const existed = oldSchema.getType(typeName);
    if (!existed || !('getFields' in existed) || !(fieldName in existed.getFields())) continue;
    const was = describePolicy(oldPolicies.fields.get(path));
    const is = describePolicy(newPolicies.fields.get(path));
    const lost = judgedRoles.filter((_, i) => !oldBeyond[i]!.has(path) && newBeyond[i]!.has(path));
    const gained = judgedRoles.filter(
      (_, i) => oldBeyond[i]!.has(path) && !newBeyond[i]!.has(path),
    );
    if (was === is && lost.length === 0 && gained.length === 0) continue;
    changes.push({
      type: 'POLICY_CHANGED',
      path,
      message: `Policy of '${path}' changed from ${was} to ${is}`,
      classification: lost.length > 0 ? 'breaking' : gained.length > 0 ? 'dangerous' : 'safe',
      reason:
        lost.length > 0
          ? `${lost.join(' and ')} callers can no longer read it`
          : gained.length > 0
            ? `${gained.join(' and ')} callers can now read it`
            : undefined,
      subgraphs: ownersOf(newOwners, path),
    });
  }
  return changes;
}

/** The policies a supergraph declares (its root fields' missing policies are not changes). */
function policiesOf(supergraphSdl: string): SchemaPolicies {
  return prepareSupergraph(supergraphSdl, { unannotatedRootFields: 'public' }).policies;
}
