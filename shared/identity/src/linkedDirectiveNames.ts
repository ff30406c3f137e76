import {
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
  Kind,
  valueFromASTUntyped,
} from 'graphql';

/** One `@link` application of a schema: which spec it brings in, and under which names. */
interface Link {
  /** The spec's URL without its version, e.g. `https://specs.apollo.dev/federation`. */
  identity: string;
  /** The spec's name: the last path segment before the version, e.g. `federation`. */
  name: string;
  /** `as:` rename of the spec, if any. */
  alias: string | undefined;
  /** Imported directive names (without `@`), original name to local name. */
  imports: Map<string, string>;
}

const linksCache = new WeakMap<DocumentNode, Link[]>();

function readLinks(document: DocumentNode): Link[] {
  const cached = linksCache.get(document);
  if (cached) return cached;
  const links: Link[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) {
      continue;
    }
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const args = directiveArguments(directive);
      if (typeof args.url !== 'string') continue;
      const match = /^(.*\/([^/]+))\/v\d+\.\d+\/?$/.exec(args.url);
      if (!match) continue;
      const imports = new Map<string, string>();
      for (const entry of Array.isArray(args.import) ? args.import : []) {
        if (typeof entry === 'string' && entry.startsWith('@')) {
          imports.set(entry.slice(1), entry.slice(1));
        } else if (entry && typeof entry === 'object') {
          const { name, as } = entry as { name?: unknown; as?: unknown };
          if (typeof name !== 'string' || !name.startsWith('@')) continue;
          const local = typeof as === 'string' ? as : name;
          imports.set(name.slice(1), local.replace(/^@/, ''));
        }
      }
      links.push({
        identity: match[1]!,
        name: match[2]!,
        alias: typeof args.as === 'string' ? args.as : undefined,
        imports,
      });
    }
  }
  linksCache.set(document, links);
  return links;
}

/** The arguments of a directive application as plain values. */
export function directiveArguments(directive: ConstDirectiveNode): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const argument of directive.arguments ?? []) {
    args[argument.name.value] = valueFromASTUntyped(argument.value as ConstValueNode);
  }
  return args;
}

/**
 * The names under which a schema refers to `directive` of the spec at `specIdentity` (its URL
 * without version), following the `@link` rules: an imported name, the spec's own name for its
 * eponymous directive (`@authenticated`), or `<spec>__<directive>` otherwise. Several specs may
 * define the same directive (the `authenticated` spec in a supergraph, the `federation` spec in a
 * subgraph), so callers pass each candidate.
 */
export function linkedDirectiveNames(
  document: DocumentNode,
  directive: string,
  specIdentities: readonly string[],
): Set<string> {
  const names = new Set<string>();
  const links = readLinks(document);
  for (const link of links) {
    if (!specIdentities.includes(link.identity)) continue;
    const imported = link.imports.get(directive);
    if (imported) names.add(imported);
    else if (directive === link.name) names.add(link.alias ?? link.name);
    else names.add(`${link.alias ?? link.name}__${directive}`);
  }
  // A schema without @link (a plain GraphQL schema, or tests) uses the directive's own name.
  if (links.length === 0) names.add(directive);
  return names;
}
