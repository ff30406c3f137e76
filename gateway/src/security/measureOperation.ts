import { fragmentsOf } from '@home-affairs/identity';
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { ListSize } from './prepareSupergraph.ts';

/** What an operation would cost, measured before any subgraph is called. */
export interface OperationMeasure {
  /** Deepest field nesting; a root field is depth 1. */
  depth: number;
  /** Aliased fields, counted once per place they would run (fragments expanded). */
  aliases: number;
  /** Fields selected on the root type. */
  rootFields: number;
  /** Estimated work: every field counts its weight, times the sizes of the lists above it. */
  cost: number;
  /** True when the walk stopped at `maxNodes`: the operation is too large to measure. */
  truncated: boolean;
}

/** What the estimate uses beyond the operation. */
export interface MeasureOptions {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null | undefined;
  variables?: Readonly<Record<string, unknown>> | undefined;
  /** `@cost(weight:)` by field coordinate. */
  costs?: ReadonlyMap<string, number>;
  /** `@listSize` by field coordinate. */
  listSizes?: ReadonlyMap<string, ListSize>;
  /**
   * Assumed length of a list whose size neither an argument nor `@listSize` gives.
   * @default 10
   */
  defaultListSize?: number;
  /**
   * Fields visited before the walk gives up (fragments spread inside fragments grow
   * exponentially; this bounds the gateway's own work).
   * @default 10000
   */
  maxNodes?: number;
}

/** Arguments that bound a list's length when no `@listSize` names them. */
const defaultSlicingArguments = ['first', 'last'];

/**
 * The list fields of a Relay connection that its slicing argument sizes (`@listSize`'s
 * `sizedFields` by convention): `units(first: 5000) { nodes { ... } }` costs 5,000 nodes.
 */
const connectionSizedFields = ['edges', 'nodes'];
/** A write costs more than a read: it takes locks and leaves an audit row. */
const mutationWeight = 10;

/**
 * Measures depth, aliases, root fields and estimated cost of an operation in one walk. Fragments
 * are expanded where they are spread; a fragment on each member of an abstract type is counted as
 * if all of them ran, which overestimates and never underestimates. Introspection fields are not
 * measured: the introspection policy governs them.
 */
export function measureOperation(options: MeasureOptions): OperationMeasure {
  const { schema, document } = options;
  const measure: OperationMeasure = {
    depth: 0,
    aliases: 0,
    rootFields: 0,
    cost: 0,
    truncated: false,
  };
  const operation = getOperationAST(document, options.operationName ?? undefined);
  const rootType = operation && schema.getRootType(operation.operation);
  if (!operation || !rootType) return measure;
  const fragments = fragmentsOf(document);
  const maxNodes = options.maxNodes ?? 10_000;
  const defaultListSize = options.defaultListSize ?? 10;
  let nodes = 0;

  const slicingArguments = (coordinate: string) => {
    const declared = options.listSizes?.get(coordinate)?.slicingArguments;
    return declared?.length ? declared : defaultSlicingArguments;
  };

  const listSize = (field: GraphQLField<unknown, unknown>, coordinate: string, node: FieldNode) => {
    const slicing = slicingArguments(coordinate);
    let size: number | undefined;
    for (const argument of node.arguments ?? []) {
      if (!slicing.includes(argument.name.value)) continue;
      const value = intValue(argument.value, options.variables);
      if (value !== undefined) size = Math.max(size ?? 0, value);
    }
    if (size === undefined) {
      const byDefault = slicing
        .map((name) => field.args.find((arg) => arg.name === name)?.defaultValue)
        .find((value): value is number => typeof value === 'number');
      size = byDefault ?? options.listSizes?.get(coordinate)?.assumedSize ?? defaultListSize;
    }
    return Math.max(size, 0);
  };

  const slices = (field: GraphQLField<unknown, unknown>, coordinate: string) => {
    const slicing = slicingArguments(coordinate);
    return field.args.some((argument) => slicing.includes(argument.name));
  };

  // Returns the cost of a selection set; records depth and aliases as it goes. `connectionSize`
  // is set while walking the selection of a connection: the size its slicing argument gives to
  // its `edges` and `nodes`.
  const walk = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    depth: number,
    isRoot: boolean,
    connectionSize?: number,
  ): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (measure.truncated) return cost;
      if (++nodes > maxNodes) {
        measure.truncated = true;
        return cost;
      }
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        if (isRoot) measure.rootFields += 1;
        if (selection.alias) measure.aliases += 1;
        measure.depth = Math.max(measure.depth, depth);
        if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
        const field = parentType.getFields()[name];
        if (!field) continue;
        const coordinate = `${parentType.name}.${name}`;
        const weight =
          options.costs?.get(coordinate) ??
          (isRoot && operation.operation === 'mutation' ? mutationWeight : 1);
        const returnType = getNamedType(field.type);
        const isList = isListType(getNullableType(field.type));
        // A slicing argument on a field that is not a list sizes the lists of the connection
        // it returns.
        const sizeForChildren =
          !isList && slices(field, coordinate) ? listSize(field, coordinate, selection) : undefined;
        let children = 0;
        if (selection.selectionSet && isCompositeType(returnType)) {
          children = walk(selection.selectionSet, returnType, depth + 1, false, sizeForChildren);
        }
        const multiplier = !isList
          ? 1
          : connectionSize !== undefined && connectionSizedFields.includes(name)
            ? connectionSize
            : listSize(field, coordinate, selection);
        cost += multiplier * (weight + children);
      } else {
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition
          ? schema.getType(fragment.typeCondition.name.value)
          : parentType;
        if (!condition || !isCompositeType(condition)) continue;
        cost += walk(fragment.selectionSet, condition, depth, isRoot, connectionSize);
      }
    }
    return cost;
  };
  measure.cost = walk(operation.selectionSet, rootType, 1, true);
  return measure;
}

function intValue(
  node: ValueNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): number | undefined {
  if (node.kind === Kind.INT) return Number.parseInt(node.value, 10);
  if (node.kind === Kind.VARIABLE) {
    const value = variables?.[node.name.value];
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}
