/**
 * The cache tags of what one client request read, by its context object: the subgraph data
 * sources add them as fetches answer, the response cache plugin stores them with the answer.
 */
const tagsByContext = new WeakMap<object, Set<string>>();

/** Adds the tags of one subgraph fetch to the request whose context this is. */
export function addRequestTags(context: object, tags: Iterable<string>): void {
  let set = tagsByContext.get(context);
  if (!set) {
    set = new Set();
    tagsByContext.set(context, set);
  }
  for (const tag of tags) set.add(tag);
}

/** The tags a request's fetches read so far. */
export function requestTags(context: object): ReadonlySet<string> {
  return tagsByContext.get(context) ?? new Set();
}

/** The tag every answer a subgraph contributed to carries: a write that names nothing drops them. */
export function subgraphWideTag(subgraph: string): string {
  return `${subgraph}:*`;
}

/**
 * The tags of a subgraph fetch: `<subgraph>` for a root-field fetch (any write of the subgraph may
 * change it), `<subgraph>:<Type>:<key>` for each entity of an `_entities` fetch (the subgraph's
 * fields of that entity), and `<subgraph>:*` always.
 */
export function fetchTags(subgraph: string, variables: Record<string, unknown> | undefined) {
  const tags = [subgraphWideTag(subgraph)];
  const representations = variables?.representations;
  if (!Array.isArray(representations)) {
    tags.push(subgraph);
    return tags;
  }
  for (const representation of representations) {
    if (representation === null || typeof representation !== 'object') continue;
    const { __typename, ...key } = representation as Record<string, unknown>;
    tags.push(`${subgraph}:${entityTagOf(String(__typename), key)}`);
  }
  return tags;
}

/**
 * `Type:key` as a subgraph names it (`entityTag` of @home-affairs/service): the key's one value,
 * or the JSON of its values in field order when the key has several fields.
 */
export function entityTagOf(typeName: string, key: Record<string, unknown>): string {
  const values = Object.keys(key)
    .sort()
    .map((field) => key[field]);
  const value = values.length === 1 ? String(values[0]) : JSON.stringify(values);
  return `${typeName}:${value}`;
}

/**
 * The tags a subgraph's write drops: those it names in `extensions.invalidates` (each prefixed with
 * the subgraph: a subgraph invalidates only what it serves) and the subgraph's root-field reads; or
 * every answer the subgraph contributed to when it names nothing.
 */
export function invalidationTags(subgraph: string, extensions: unknown): string[] {
  const named = (extensions as { invalidates?: unknown } | undefined)?.invalidates;
  if (!Array.isArray(named) || named.length === 0) return [subgraphWideTag(subgraph)];
  return [
    subgraph,
    ...named
      .filter((tag): tag is string => typeof tag === 'string')
      .map((tag) => `${subgraph}:${tag}`),
  ];
}
