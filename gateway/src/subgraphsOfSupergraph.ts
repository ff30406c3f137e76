import { Kind, parse } from 'graphql';

/** One subgraph as the gateway reaches it in this deployment. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/**
 * Reads the subgraphs (name and URL) declared in a supergraph's `join__Graph` enum. Throws when
 * the text is not a supergraph, so a wrong file fails at startup with a clear message.
 */
export function subgraphsOfSupergraph(supergraphSdl: string): SubgraphEndpoint[] {
  const document = parse(supergraphSdl, { noLocation: true });
  const graphs = document.definitions.find(
    (definition) =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph',
  );
  if (graphs?.kind !== Kind.ENUM_TYPE_DEFINITION) {
    throw new Error(
      'Not a supergraph: it has no join__Graph enum (compose it with `pnpm compose`).',
    );
  }
  return (graphs.values ?? []).map((value) => {
    const join = value.directives?.find((directive) => directive.name.value === 'join__graph');
    const argument = (name: string) => {
      const node = join?.arguments?.find((candidate) => candidate.name.value === name)?.value;
      return node?.kind === Kind.STRING ? node.value : '';
    };
    return { name: argument('name'), url: argument('url') };
  });
}
