import { createLogger } from '@home-affairs/service';
import { startSignedTestSubgraph } from '@home-affairs/testing';
import {
  createSubgraph,
  migrationsFolder,
  type ProceduresDatabaseHandle,
  schema,
} from '../src/server.ts';
import { fixtureDirectory } from './fixtures.ts';

/** The fixture directory and the catalogue, without demo dossiers, behind signed identities. */
export async function startSignedSubgraph(name: string, poolSize?: number) {
  const graph = await startSignedTestSubgraph({
    name: 'procedures',
    database: { name, schema, migrationsFolder, poolSize },
    create: (database, readIdentity) =>
      createSubgraph({
        database: database as ProceduresDatabaseHandle,
        logger: createLogger('procedures-test', 'silent'),
        readIdentity,
        prepareOptions: { loadUnitDirectory: async () => fixtureDirectory, demoDossiers: 0 },
      }),
  });
  const codes = await graph.signed.execute<{
    procedures: { nodes: { code: string; name: string }[] };
  }>(
    graph.subgraph,
    { subject: null, role: 'anonymous', scopes: ['read:public'] },
    '{ procedures(first: 500) { nodes { code name } } }',
  );
  // Commune level, 10 working days, fully online.
  const communeProcedure = codes.data.procedures.nodes.find(
    (node) => node.name === 'Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã',
  )!.code;
  return { ...graph, communeProcedure };
}

/** The dossier writes, each answering the dossier's id and outcome. */
export const dossierWrites = {
  receive: `mutation ($input: ReceiveDossierInput!) {
    receiveDossier(input: $input) { dossier { id outcome } } }`,
  resolve: `mutation ($input: ResolveDossierInput!) {
    resolveDossier(input: $input) { dossier { id outcome } } }`,
  return: `mutation ($input: ReturnDossierInput!) {
    returnDossier(input: $input) { dossier { id outcome } } }`,
  withdraw: `mutation ($input: WithdrawDossierInput!) {
    withdrawDossier(input: $input) { dossier { id outcome } } }`,
  apologize: `mutation ($input: IssueDossierApologyInput!) {
    issueDossierApology(input: $input) { dossier { id outcome } } }`,
};
