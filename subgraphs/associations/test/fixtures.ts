import { anonymousIdentity, type Identity, scopesForRole } from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import type { DirectoryUnit } from '@home-affairs/unit-directory';
import { directoryUnit } from '@home-affairs/unit-directory/testing';
import {
  type AssociationsDatabaseHandle,
  createSubgraph,
  type RegistryLayout,
  type UnitDirectories,
} from '../src/server.ts';

/** A unit version of the fixture directory, of the level the length of its code tells. */
function unit(
  code: string,
  ...rest: [name: string, parentCode: string | null, provinceCode: string, currentCodes: string[]]
): DirectoryUnit {
  const level = code.length === 2 ? 'PROVINCE' : code.length === 3 ? 'DISTRICT' : 'COMMUNE';
  return directoryUnit([code, level, ...rest]);
}

/**
 * A small directory shaped like the real one: on 2025-06-30 three provinces (44 merges into 45 on
 * 2025-07-01) with districts and communes; today two provinces and three communes.
 */
export const fixtureDirectories: UnitDirectories = {
  old: [
    unit('01', 'Hà Nội', null, '01', ['01']),
    unit('44', 'Quảng Bình', null, '44', ['45']),
    unit('45', 'Quảng Trị', null, '45', ['45']),
    unit('001', 'Ba Đình', '01', '01', ['00004']),
    unit('450', 'Đồng Hới', '44', '44', ['19000']),
    unit('460', 'Đông Hà', '45', '45', ['19300']),
    unit('00001', 'Phúc Xá', '001', '01', ['00004']),
    unit('00004', 'Trúc Bạch', '001', '01', ['00004']),
    unit('19000', 'Hải Đình', '450', '44', ['19000']),
    unit('19001', 'Đồng Mỹ', '450', '44', ['19000']),
    unit('19300', 'Đông Lễ', '460', '45', ['19300']),
  ],
  current: [
    unit('01', 'Hà Nội', null, '01', ['01']),
    unit('45', 'Quảng Trị', null, '45', ['45']),
    unit('00004', 'Ba Đình', '01', '01', ['00004']),
    unit('19000', 'Đồng Hới', '45', '45', ['19000']),
    unit('19300', 'Đông Hà', '45', '45', ['19300']),
  ],
};

/** A registry small enough for fast tests, with every segment of the full one. */
export const fixtureLayout: RegistryLayout = {
  associations: 300,
  funds: 40,
  wideAssociations: 12,
  wideFunds: 4,
  endedBefore2025: 20,
  registeredFrom2025: 60,
};

/** A national writer of this subgraph, as the gateway would sign it. */
export const fixtureWriter: Identity = {
  subject: 'ministry-clerk',
  role: 'writer',
  subgraph: 'associations',
  scopes: scopesForRole('writer', 'associations'),
};

/** A valid registerOrganization input: a commune association seated in Ba Đình, Hà Nội. */
export const fixtureRegistration = {
  idempotencyKey: 'register-1',
  registrationNumber: 'HOI-900001',
  kind: 'ASSOCIATION',
  name: 'Hội Khuyến học phường Ba Đình',
  scope: 'COMMUNE',
  licensingLevel: 'COMMUNE_PEOPLES_COMMITTEE',
  seatCode: '00004',
  provinceCode: '01',
  fieldOfActivity: 'EDUCATION',
  foundedOn: '2025-08-01',
  registeredOn: '2025-09-15',
  memberCount: 120,
};

/** The header in which a test names its caller (see createFixtureSubgraph). */
export const testIdentityHeader = 'x-test-identity';

/**
 * The subgraph over `database` with the fixture directory and registry. The test passes the
 * caller as JSON in its own header; the signed identity is tested elsewhere.
 */
export function createFixtureSubgraph(database: AssociationsDatabaseHandle, logger: Logger) {
  return createSubgraph({
    database,
    logger,
    readIdentity: async (headers) => {
      const header = headers[testIdentityHeader];
      return typeof header === 'string' ? (JSON.parse(header) as Identity) : anonymousIdentity;
    },
    loadDirectory: async () => fixtureDirectories,
    layout: fixtureLayout,
  });
}
