import { checkPageSize, cursorCodec, toConnection } from '@home-affairs/graphql';
import { GraphQLError } from 'graphql';
import type { UnitsContext } from '../context.ts';
import { findUnitPage, type UnitFilter, type UnitType } from './queries.ts';
import { isInForce, relationsDay, toUnitNode, type UnitNode } from './unitNode.ts';

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

async function loadNode(context: UnitsContext, code: string, day: string) {
  const row = await context.loaders.unitByCode.load({ code, asOf: day });
  return row && toUnitNode(row, day);
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
      const { rows, totalCount } = await findUnitPage(context.db, args, day, first, after);
      return toConnection(rows, {
        first,
        totalCount,
        hasPreviousPage: after !== undefined,
        cursorOf: (row) => unitCursor.encode(row.code),
        toNode: (row) => toUnitNode(row, day),
      });
    },
  },
  AdministrativeUnit: {
    __resolveReference: (reference: { code: string }, context: UnitsContext) =>
      loadNode(context, reference.code, context.today),

    inForce: (node: UnitNode) => isInForce(node, node.requestedOn),

    parent: (node: UnitNode, _: unknown, context: UnitsContext) =>
      node.parentCode ? loadNode(context, node.parentCode, relationsDay(node)) : null,

    province: async (node: UnitNode, _: unknown, context: UnitsContext) => {
      const province = await loadNode(context, node.provinceCode, relationsDay(node));
      if (!province) {
        throw new GraphQLError(`Province ${node.provinceCode} of unit ${node.code} is missing.`, {
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      }
      return province;
    },

    children: async (node: UnitNode, args: ChildrenArgs, context: UnitsContext) => {
      const first = checkPageSize(args.first);
      const after = unitCursor.decode(args.after);
      const day = relationsDay(node);
      const toNode = (row: Parameters<typeof toUnitNode>[0]) => toUnitNode(row, day);
      const cursorOf = (row: { code: string }) => unitCursor.encode(row.code);
      if (after === undefined) {
        const { rows, totalCount } = await context.loaders.firstChildrenByParent.load({
          parentCode: node.code,
          asOf: day,
          type: args.type ?? null,
          first,
        });
        return toConnection(rows, { first, totalCount, hasPreviousPage: false, cursorOf, toNode });
      }
      const { rows, totalCount } = await findUnitPage(
        context.db,
        { parentCode: node.code, type: args.type ?? null },
        day,
        first,
        after,
      );
      return toConnection(rows, { first, totalCount, hasPreviousPage: true, cursorOf, toNode });
    },
  },
};
