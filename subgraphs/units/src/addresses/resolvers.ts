import { dayBefore, inputError } from '@home-affairs/graphql';
import type { UnitsContext } from '../context.ts';
import { toUnitNode } from '../units/unitNode.ts';
import type { IndexedVersion } from './addressIndex.ts';
import { type AddressMatch, resolveAddressText } from './resolveAddressText.ts';

/** Longest address accepted: a full street address with its three tiers fits in 300 characters. */
export const maxAddressLength = 300;

/** Most addresses in one `resolveAddresses` request. */
export const maxAddressBatch = 500;

/** Most matches per address. */
const maxMatches = 10;

// Control characters (NUL included) never belong in an address, and break logs and CSV files.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is what it finds.
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function checkText(text: string, field: string) {
  if (text.length > maxAddressLength) {
    throw inputError(`An address must be at most ${maxAddressLength} characters.`, { field });
  }
  if (controlCharacters.test(text)) {
    throw inputError('An address must not contain control characters.', { field });
  }
}

function checkFirst(first: number | null | undefined): number {
  const size = first ?? 1;
  if (!Number.isInteger(size) || size < 1 || size > maxMatches) {
    throw inputError(`first must be between 1 and ${maxMatches}.`, { field: 'first' });
  }
  return size;
}

/** The day a version was in force: the one its node is served as of. */
const dayOf = (version: IndexedVersion) => version.validFrom ?? dayBefore(version.validTo!);

async function toResolution(
  context: UnitsContext,
  matches: AddressMatch[],
  position: number,
  asOf: string,
) {
  const load = async (version: IndexedVersion, day: string) => {
    const row = await context.loaders.unitByCode.load({ code: version.code, asOf: day });
    // The index and the table are read from the same history; a row the index has is there.
    if (!row) throw new Error(`unit ${version.code} is in the address index but not in the table`);
    return toUnitNode(row, day);
  };
  return {
    position,
    asOf,
    matches: await Promise.all(
      matches.map(async (match) => ({
        unit: await load(match.version, dayOf(match.version)),
        confidence: match.confidence,
        carriedOnBy: await Promise.all(
          match.carriedOnBy.map(async (successor) => ({
            unit: await load(successor.version, asOf),
            share: successor.share,
          })),
        ),
      })),
    ),
  };
}

/** Resolvers of address resolution. */
export const resolvers = {
  Query: {
    resolveAddress: async (
      _: unknown,
      args: { text: string; asOf?: string | null; first?: number | null },
      context: UnitsContext,
    ) => {
      checkText(args.text, 'text');
      const limit = checkFirst(args.first);
      const asOf = args.asOf ?? context.today;
      const index = await context.addressIndex();
      return toResolution(context, resolveAddressText(index, args.text, { asOf, limit }), 0, asOf);
    },

    resolveAddresses: async (
      _: unknown,
      args: { texts: string[]; asOf?: string | null; first?: number | null },
      context: UnitsContext,
    ) => {
      if (args.texts.length > maxAddressBatch) {
        throw inputError(`texts must hold at most ${maxAddressBatch} addresses.`, {
          field: 'texts',
          details: { maximum: maxAddressBatch },
        });
      }
      args.texts.forEach((text, position) => {
        checkText(text, `texts.${position}`);
      });
      const limit = checkFirst(args.first);
      const asOf = args.asOf ?? context.today;
      const index = await context.addressIndex();
      return Promise.all(
        args.texts.map((text, position) =>
          toResolution(context, resolveAddressText(index, text, { asOf, limit }), position, asOf),
        ),
      );
    },
  },
};
