import { startTestSubgraph } from '@home-affairs/testing';
import { createSubgraph, migrationsFolder, schema } from '../src/server.ts';
import { fixtureDirectories, fixtureLayout } from './fixtures.ts';

/** The associations subgraph over the fixture registry for one test file (startTestSubgraph). */
export function startSubgraph(name: string, poolSize?: number) {
  return startTestSubgraph({
    name: 'associations',
    database: { name, schema, migrationsFolder, poolSize },
    create: (parts) =>
      createSubgraph({
        ...parts,
        loadDirectory: async () => fixtureDirectories,
        layout: fixtureLayout,
      }),
  });
}

/** A commune-level association to register, seated in `seatCode` of `provinceCode`. */
export function association(registrationNumber: string, seatCode: string, provinceCode: string) {
  return {
    idempotencyKey: `register-${registrationNumber}`,
    registrationNumber,
    kind: 'ASSOCIATION',
    name: `Hội thử nghiệm ${registrationNumber}`,
    scope: 'COMMUNE',
    licensingLevel: 'COMMUNE_PEOPLES_COMMITTEE',
    seatCode,
    provinceCode,
    fieldOfActivity: 'EDUCATION',
    foundedOn: '2025-08-01',
    registeredOn: '2025-09-15',
  };
}

/** The registration mutation, answering the registration number. */
export const register = `mutation ($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) { organization { registrationNumber } } }`;

/** The status mutation, answering the registration number. */
export const changeStatus = `mutation ($input: ChangeOrganizationStatusInput!) {
  changeOrganizationStatus(input: $input) { organization { registrationNumber } } }`;
