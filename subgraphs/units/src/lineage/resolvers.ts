import { dayBefore } from '@home-affairs/graphql';
import { GraphQLError } from 'graphql';
import type { UnitsContext } from '../context.ts';
import type { AdministrativeUnitRow, UnitTransitionRow } from '../db/schema.ts';
import { isInForce, toUnitNode, type UnitNode } from '../units/unitNode.ts';

/** A lineage link as served: the other unit's code and the day it is read on. */
interface TransitionNode {
  code: string;
  day: string;
  share: UnitTransitionRow['share'];
  effectiveDate: string;
  resolution: string | null;
}

/** A link as served, pointing at the unit on its other side as it stood on `day`. */
function toTransitionNode(link: UnitTransitionRow, code: string, day: string): TransitionNode {
  return {
    code,
    day,
    share: link.share,
    effectiveDate: link.effectiveDate,
    resolution: link.resolution,
  };
}

/** One side of a version's lineage: the day it meets the other units, and how a link there is served. */
interface LineageSide {
  edge: (node: UnitNode) => string | null;
  loader: 'transitionsIntoVersion' | 'transitionsFromVersion';
  toNode: (link: UnitTransitionRow) => TransitionNode;
}

// A predecessor is read on its last day, the day before the change.
const predecessorSide: LineageSide = {
  edge: (node) => node.validFrom,
  loader: 'transitionsIntoVersion',
  toNode: (link) => toTransitionNode(link, link.predecessorCode, dayBefore(link.effectiveDate)),
};

const successorSide: LineageSide = {
  edge: (node) => node.validTo,
  loader: 'transitionsFromVersion',
  toNode: (link) => toTransitionNode(link, link.successorCode, link.effectiveDate),
};

/** The links on one side of a version: none for a version open on that side. */
async function lineageLinks(
  node: UnitNode,
  context: UnitsContext,
  side: LineageSide,
): Promise<TransitionNode[]> {
  const date = side.edge(node);
  if (date === null) return [];
  const links = await context.loaders[side.loader].load({ code: node.code, date });
  return links.map(side.toNode);
}

/** Reorganisations chain rarely more than a few times; this bounds a corrupt cycle. */
const maxLineageDepth = 32;

async function laterVersions(
  row: AdministrativeUnitRow,
  context: UnitsContext,
): Promise<AdministrativeUnitRow[]> {
  if (row.validTo === null) return [];
  const links = await context.loaders.transitionsFromVersion.load({
    code: row.code,
    date: row.validTo,
  });
  // A rename or type change closes a version without lineage links: the same code carries on.
  const targets =
    links.length > 0
      ? links.map((link) => ({ code: link.successorCode, asOf: link.effectiveDate }))
      : [{ code: row.code, asOf: row.validTo }];
  const rows = await context.loaders.unitByCode.loadMany(targets);
  return rows.filter((next): next is UnitNode => next !== null && !(next instanceof Error));
}

/** Resolvers of lineage: versions of a code, predecessors, successors and current units. */
export const resolvers = {
  AdministrativeUnit: {
    history: async (node: UnitNode, _: unknown, context: UnitsContext) =>
      (await context.loaders.versionsByCode.load(node.code)).map((row) =>
        toUnitNode(row, node.requestedOn),
      ),

    predecessors: (node: UnitNode, _: unknown, context: UnitsContext) =>
      lineageLinks(node, context, predecessorSide),

    successors: (node: UnitNode, _: unknown, context: UnitsContext) =>
      lineageLinks(node, context, successorSide),

    currentUnits: async (node: UnitNode, _: unknown, context: UnitsContext) => {
      const current = new Map<string, UnitNode>();
      const seen = new Set<string>();
      let frontier: AdministrativeUnitRow[] = [node];
      for (let depth = 0; frontier.length > 0 && depth < maxLineageDepth; depth += 1) {
        const next: AdministrativeUnitRow[] = [];
        await Promise.all(
          frontier.map(async (row) => {
            const key = `${row.code}|${row.validFrom}`;
            if (seen.has(key)) return;
            seen.add(key);
            if (isInForce(row, context.today)) {
              current.set(row.code, toUnitNode(row, context.today));
            } else if (row.validTo !== null && row.validTo <= context.today) {
              next.push(...(await laterVersions(row, context)));
            }
          }),
        );
        frontier = next;
      }
      return [...current.values()].sort((a, b) => a.code.localeCompare(b.code));
    },
  },
  UnitTransition: {
    unit: async (link: TransitionNode, _: unknown, context: UnitsContext) => {
      const row = await context.loaders.unitByCode.load({ code: link.code, asOf: link.day });
      if (!row) {
        throw new GraphQLError(`Unit ${link.code} of a lineage link is missing.`, {
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      }
      return toUnitNode(row, link.day);
    },
  },
};
