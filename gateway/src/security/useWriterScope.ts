import { forbiddenError, fragmentsOf, type Identity } from '@home-affairs/identity';
import { type FieldNode, Kind, type ValueNode } from 'graphql';
import type { PreparedSupergraph } from './prepareSupergraph.ts';
import { rootFields } from './rootFields.ts';
import {
  checkOperation,
  requireSupergraph,
  type SecurityPlugin,
  type SupergraphSource,
} from './securityPlugin.ts';

/** What `useWriterScope` enforces. */
export interface WriterScopeOptions {
  /** The subgraph that resolves each mutation field, from the supergraph's join directives. */
  supergraph: SupergraphSource;
}

/**
 * Where a writer may write: a ministry writer (a `writer` token names its subgraph) only to the
 * mutation fields its own subgraph resolves, whatever its scopes say, and a province-restricted
 * one only with `provinceCode` arguments (literal or variables, in input objects and lists too)
 * naming its province; else 403 `FORBIDDEN`. Other roles and reads pass. The subgraph checks the
 * records it actually touches again (`requireProvince`).
 */
export function useWriterScope(options: WriterScopeOptions): SecurityPlugin {
  return {
    operation: checkOperation(({ identity }, { document, operation, request }) => {
      if (operation.operation !== 'mutation') return;
      const supergraph = requireSupergraph(options.supergraph);
      const roots = rootFields(operation.selectionSet, fragmentsOf(document));
      checkWriterScope(roots, request.variables ?? {}, supergraph, identity);
    }),
  };
}

/** Throws 403 for the first root field of a mutation outside the writer's subgraph or province. */
export function checkWriterScope(
  roots: readonly FieldNode[],
  variables: Readonly<Record<string, unknown>>,
  supergraph: PreparedSupergraph,
  identity: Identity,
): void {
  if (identity.role !== 'writer') return;
  for (const field of roots) {
    if (field.name.value.startsWith('__')) continue;
    const coordinate = `Mutation.${field.name.value}`;
    const owners = supergraph.owners.get(coordinate) ?? [];
    if (!identity.subgraph || !owners.includes(identity.subgraph)) {
      throw forbiddenError(`${coordinate} belongs to another ministry's subgraph.`);
    }
    if (identity.province === undefined) continue;
    const provinces: unknown[] = [];
    for (const argument of field.arguments ?? []) {
      collectProvinceCodes(argument.name.value, argument.value, variables, provinces);
    }
    if (provinces.length === 0 || provinces.some((code) => code !== identity.province)) {
      throw forbiddenError(
        `${coordinate} must name this token's province in its provinceCode argument.`,
      );
    }
  }
}

function collectProvinceCodes(
  name: string,
  node: ValueNode,
  variables: Readonly<Record<string, unknown>>,
  found: unknown[],
): void {
  if (node.kind === Kind.VARIABLE) {
    collectFromValue(name, variables[node.name.value], found);
  } else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields)
      collectProvinceCodes(field.name.value, field.value, variables, found);
  } else if (node.kind === Kind.LIST) {
    for (const value of node.values) collectProvinceCodes(name, value, variables, found);
  } else if (name === 'provinceCode') {
    found.push(node.kind === Kind.STRING ? node.value : undefined);
  }
}

function collectFromValue(name: string, value: unknown, found: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectFromValue(name, item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collectFromValue(key, item, found);
  } else if (name === 'provinceCode') {
    found.push(value);
  }
}
