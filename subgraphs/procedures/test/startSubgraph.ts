import { startTestSubgraph } from '@home-affairs/testing';
import { createSubgraph, migrationsFolder, schema } from '../src/server.ts';
import { fixtureDirectory } from './fixtures.ts';

/**
 * The procedures subgraph for one test file (startTestSubgraph): the fixture directory and the
 * catalogue, with `demoDossiers` generated dossiers (none by default), and the code of a commune
 * procedure to receive dossiers for.
 */
export async function startSubgraph(
  name: string,
  options: { poolSize?: number; demoDossiers?: number } = {},
) {
  const graph = await startTestSubgraph({
    name: 'procedures',
    database: { name, schema, migrationsFolder, poolSize: options.poolSize },
    create: (parts) =>
      createSubgraph({
        ...parts,
        prepareOptions: {
          loadDirectory: async () => fixtureDirectory,
          demoDossiers: options.demoDossiers ?? 0,
        },
      }),
  });
  const codes = await graph.execute<{
    procedures: { nodes: { code: string; name: string }[] };
  }>('{ procedures(first: 500) { nodes { code name } } }');
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
