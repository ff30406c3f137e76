import { checkPageSize, cursorCodec, pageConnection } from '@home-affairs/graphql';
import { personalFieldResolvers } from '@home-affairs/identity';
import { sql } from 'drizzle-orm';
import type { AssociationsContext } from '../context.ts';
import type { CharterRow, OrganizationLeaderRow } from '../db/schema.ts';
import { checkFilter } from './checkFilter.ts';
import {
  filterConditions,
  findOrganizationPage,
  type OrganizationFilter,
  type OrganizationRecord,
  seatedIn,
} from './queries.ts';

/** An office holder as resolvers pass it on: with the province of the organisation's seat today. */
interface LeaderNode extends OrganizationLeaderRow {
  provinceCode: string;
}

/** An organisation as resolvers pass it on: its record and the day the list was asked for. */
interface OrganizationNode extends OrganizationRecord {
  requestedOn: string;
}

interface PageArgs {
  filter?: OrganizationFilter | null;
  asOf?: string | null;
  first?: number | null;
  after?: string | null;
}

/** Cursors of organisation lists: the registration number. */
const organizationCursor = cursorCodec('organization', /[A-Z]{3}-\d{6}/);

const typeNames = {
  ASSOCIATION: 'Association',
  SOCIAL_FUND: 'SocialFund',
  CHARITY_FUND: 'CharityFund',
} as const;

const kinds = ['ASSOCIATION', 'SOCIAL_FUND', 'CHARITY_FUND'] as const;
const scopes = ['NATIONWIDE', 'INTER_PROVINCIAL', 'PROVINCIAL', 'COMMUNE'] as const;

/** Checks the arguments of an organisation list; the day defaults to the request's today. */
function readPageArgs(args: PageArgs, context: AssociationsContext) {
  const first = checkPageSize(args.first);
  const after = organizationCursor.decode(args.after);
  checkFilter(args.filter);
  return { first, after, day: args.asOf ?? context.today };
}

function toNode(row: OrganizationRecord, day: string): OrganizationNode {
  return { ...row, requestedOn: day };
}

async function loadNode(context: AssociationsContext, registrationNumber: string, day: string) {
  const row = await context.loaders.organizationByRegistrationNumber.load(registrationNumber);
  return row && toNode(row, day);
}

/** A page of organisations as a connection of their nodes on the requested day. */
function connection(
  page: { rows: OrganizationRecord[]; totalCount: number },
  pageArgs: ReturnType<typeof readPageArgs>,
) {
  return pageConnection(page, {
    ...pageArgs,
    cursorOf: (row) => organizationCursor.encode(row.registrationNumber),
    toNode: (row) => toNode(row, pageArgs.day),
  });
}

/** Fields every kind of organisation resolves the same way. */
const organizationFields = {
  licensingAgency: (node: OrganizationNode) => ({ code: node.licensingAgencyCode }),
  seat: (node: OrganizationNode) => ({ code: node.seatCode }),
  status: (node: OrganizationNode, args: { asOf?: string | null }, context: AssociationsContext) =>
    context.loaders.statusByOrganization.load({
      registrationNumber: node.registrationNumber,
      day: args.asOf ?? node.requestedOn,
    }),
  statusHistory: async (node: OrganizationNode, _: unknown, context: AssociationsContext) => {
    const changes = await context.loaders.statusChangesByOrganization.load(node.registrationNumber);
    // Every organisation is ACTIVE from its registration until its first recorded change.
    const registered = {
      status: 'ACTIVE',
      validFrom: node.registeredOn,
      validTo: changes[0]?.validFrom ?? null,
      decisionNumber: null,
      reason: 'Registered',
      mergedInto: null,
      synthetic: node.synthetic,
    };
    return [registered, ...changes];
  },
  leaders: async (
    node: OrganizationNode,
    _: unknown,
    context: AssociationsContext,
  ): Promise<LeaderNode[]> =>
    (await context.loaders.leadersByOrganization.load(node.registrationNumber)).map((leader) => ({
      ...leader,
      provinceCode: node.seatCurrentProvinceCode,
    })),
  charters: (node: OrganizationNode, _: unknown, context: AssociationsContext) =>
    context.loaders.chartersByOrganization.load(node.registrationNumber),
  charterReview: async (node: OrganizationNode, _: unknown, context: AssociationsContext) => {
    const versions = await context.loaders.chartersByOrganization.load(node.registrationNumber);
    return versions.at(-1)?.twoTierReview ?? null;
  },
  financialReports: (node: OrganizationNode, _: unknown, context: AssociationsContext) =>
    context.loaders.financialReportsByOrganization.load(node.registrationNumber),
  affiliatedEntities: (node: OrganizationNode, _: unknown, context: AssociationsContext) =>
    context.loaders.affiliatedEntitiesByOrganization.load(node.registrationNumber),
  inspections: (node: OrganizationNode, _: unknown, context: AssociationsContext) =>
    context.loaders.inspectionsByOrganization.load(node.registrationNumber),
};

function entity() {
  return {
    __resolveReference: (reference: { registrationNumber: string }, context: AssociationsContext) =>
      loadNode(context, reference.registrationNumber, context.today),
    ...organizationFields,
  };
}

/** Resolvers of organisations, their records, the organisation queries and the unit fields. */
export const resolvers = {
  Query: {
    organization: (
      _: unknown,
      args: { registrationNumber: string },
      context: AssociationsContext,
    ) => loadNode(context, args.registrationNumber.trim(), context.today),

    organizations: async (_: unknown, args: PageArgs, context: AssociationsContext) => {
      const pageArgs = readPageArgs(args, context);
      const { first, after, day } = pageArgs;
      const page = await findOrganizationPage(
        context.db,
        filterConditions(args.filter, day),
        first,
        after,
      );
      return connection(page, pageArgs);
    },
  },
  Organization: {
    __resolveType: (node: OrganizationNode) => typeNames[node.kind],
  },
  Association: entity(),
  SocialFund: entity(),
  CharityFund: entity(),
  OrganizationStatusPeriod: {
    mergedInto: (
      period: { mergedInto: string | null },
      _: unknown,
      context: AssociationsContext,
    ) => (period.mergedInto ? loadNode(context, period.mergedInto, context.today) : null),
  },
  // A province-restricted writer reads the personal fields of its own province's records only.
  OrganizationLeader: personalFieldResolvers<LeaderNode>(
    ['fullName', 'phone', 'email'],
    (leader) => leader.provinceCode,
  ),
  Charter: {
    reviewStatus: (charter: CharterRow) => charter.twoTierReview,
  },
  AdministrativeUnit: {
    __resolveReference: (reference: { code: string }) => ({ code: reference.code }),

    organizations: async (unit: { code: string }, args: PageArgs, context: AssociationsContext) => {
      const pageArgs = readPageArgs(args, context);
      const { first, after, day } = pageArgs;
      // A unit is seated-in by its own code; a province filter would contradict it.
      const filter = args.filter ? { ...args.filter, provinceCode: null } : null;
      if (after === undefined) {
        const page = await context.loaders.firstOrganizationPageByUnit.load({
          code: unit.code,
          day,
          filter,
          first,
        });
        return connection(page, pageArgs);
      }
      const page = await findOrganizationPage(
        context.db,
        [seatedIn(sql`${unit.code}`, unit.code.length, day), ...filterConditions(filter, day)],
        first,
        after,
      );
      return connection(page, pageArgs);
    },

    organizationCounts: async (
      unit: { code: string },
      args: { asOf?: string | null },
      context: AssociationsContext,
    ) => {
      const counts = await context.loaders.organizationCountsByUnit.load({
        code: unit.code,
        day: args.asOf ?? context.today,
      });
      return {
        total: counts.total,
        byKind: kinds
          .filter((kind) => counts.byKind.has(kind))
          .map((kind) => ({ kind, count: counts.byKind.get(kind) })),
        byScope: scopes
          .filter((scope) => counts.byScope.has(scope))
          .map((scope) => ({ scope, count: counts.byScope.get(scope) })),
      };
    },
  },
};
