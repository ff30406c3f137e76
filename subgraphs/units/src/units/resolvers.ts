import { checkPageSize, cursorCodec, pageConnection } from '@home-affairs/graphql';
import { GraphQLError } from 'graphql';
import type { UnitsContext } from '../context.ts';
import type { UnitFilter, UnitType } from './queries.ts';
import { isInForce, relationsDay, type UnitNode } from './unitNode.ts';
import type { UnitSnapshot } from './unitSnapshot.ts';

interface UnitsArgs extends UnitFilter {
  asOf?: string | null;
  first?: number | null;
  after?: string | null;
}

interface ChildrenArgs {
  type?: UnitType | null;
  first?: number | null;
  after?: string | null;
}

function loadNode(context: UnitsContext, code: string, day: string) {
  return context.loaders.unitByCode.load({ code, asOf: day });
}

/**
 * The node of `code` as of `day`, read from the snapshot `node` came from when it came from one:
 * synchronously, so a list of 3,321 communes does not wait on 3,321 promises for their provinces.
 */
function relatedNode(node: UnitNode, context: UnitsContext, code: string, day: string) {
  const { snapshot } = node;
  if (!snapshot) return loadNode(context, code, day);
  const row = snapshot.latestVersion(code, day);
  return row && snapshot.node(row, day);
}

function missingProvince(node: UnitNode): never {
  throw new GraphQLError(`Province ${node.provinceCode} of unit ${node.code} is missing.`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/** A page of a unit list as a connection of nodes of the snapshot it was read from. */
function snapshotConnection(
  snapshot: UnitSnapshot,
  page: ReturnType<UnitSnapshot['page']>,
  pageArgs: { first: number; after: string | undefined; day: string },
) {
  return pageConnection(page, {
    ...pageArgs,
    cursorOf: (row) => unitCursor.encode(row.code),
    toNode: (row) => snapshot.node(row, pageArgs.day),
  });
}

/** Cursors of unit lists: the unit's code. */
const unitCursor = cursorCodec('unit', /\d{2,5}/);

/** Resolvers of the administrative unit, its hierarchy and the unit queries. */
export const resolvers = {
  Query: {
    unit: (_: unknown, args: { code: string; asOf?: string | null }, context: UnitsContext) =>
      loadNode(context, args.code.trim(), args.asOf ?? context.today),

    units: async (_: unknown, args: UnitsArgs, context: UnitsContext) => {
      const first = checkPageSize(args.first);
      const after = unitCursor.decode(args.after);
      if (args.search != null && args.search.length > 200) {
        throw new GraphQLError('search must be at most 200 characters.', {
          extensions: { code: 'BAD_USER_INPUT', argumentName: 'search' },
        });
      }
      const day = args.asOf ?? context.today;
      const snapshot = await context.units();
      const page = snapshot.page(args, day, first, after);
      return snapshotConnection(snapshot, page, { first, after, day });
    },
  },
  AdministrativeUnit: {
    __resolveReference: (reference: { code: string }, context: UnitsContext) =>
      loadNode(context, reference.code, context.today),

    inForce: (node: UnitNode) => isInForce(node, node.requestedOn),

    parent: (node: UnitNode, _: unknown, context: UnitsContext) =>
      node.parentCode ? relatedNode(node, context, node.parentCode, relationsDay(node)) : null,

    province: (node: UnitNode, _: unknown, context: UnitsContext) => {
      const province = relatedNode(node, context, node.provinceCode, relationsDay(node));
      if (province instanceof Promise) {
        return province.then((found) => found ?? missingProvince(node));
      }
      return province ?? missingProvince(node);
    },

    children: async (node: UnitNode, args: ChildrenArgs, context: UnitsContext) => {
      const first = checkPageSize(args.first);
      const after = unitCursor.decode(args.after);
      const day = relationsDay(node);
      const snapshot = node.snapshot ?? (await context.units());
      const filter = { parentCode: node.code, type: args.type ?? null };
      const page = snapshot.page(filter, day, first, after);
      return snapshotConnection(snapshot, page, { first, after, day });
    },
  },
};
