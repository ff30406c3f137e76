import {
  type ArgumentNode,
  type DocumentNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { dateErrorMessage, isDateInRange } from './dateScalar.ts';

/** How long an input string may be, by the type of its position. */
export interface InputLimits {
  /**
   * Longest `ID` (a code, a registration number, a UUID): the longest real one is under 40.
   * @default 200
   */
  maxIdLength: number;
  /**
   * Longest `String` or other scalar written as a string (a name, a note, a search): a field
   * with a shorter rule (`search`, 200) checks it in its subgraph.
   * @default 5000
   */
  maxStringLength: number;
  /**
   * Most items of one list argument (`kind: [...]`, `codes: [...]`): every filter list of the
   * schema has under 100 meaningful values, and each item costs the subgraph a comparison.
   * @default 1000
   */
  maxListLength: number;
}

/** The limits `pnpm start` runs with. */
export const defaultInputLimits: InputLimits = {
  maxIdLength: 200,
  maxStringLength: 5000,
  maxListLength: 1000,
};

// A UTF-16 half without its other half cannot be written as UTF-8: Postgres would store U+FFFD
// in its place, or a driver would refuse it, so no such string is ever meant.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` may not be sent as a string of at most `maximum` characters, if it may not. */
export function stringProblem(value: string, maximum: number): string | undefined {
  if (value.length > maximum) return `is longer than ${maximum} characters`;
  // Postgres text cannot hold U+0000: the driver's refusal was an internal error and an
  // error-level log line that any client could cause.
  if (value.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (loneSurrogate.test(value)) return 'contains a lone UTF-16 surrogate';
  return undefined;
}

/** The first problem of a value of `type`, with its path inside the argument (`filter.from`). */
function problemOf(
  value: unknown,
  type: GraphQLInputType,
  path: string,
  limits: InputLimits,
): { path: string; problem: string } | undefined {
  if (value === null || value === undefined) return undefined;
  if (isNonNullType(type)) return problemOf(value, type.ofType, path, limits);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    if (items.length > limits.maxListLength) {
      return { path, problem: `The list has more than ${limits.maxListLength} items.` };
    }
    for (const [index, item] of items.entries()) {
      const found = problemOf(item, type.ofType, `${path}[${index}]`, limits);
      if (found) return found;
    }
    return undefined;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return undefined;
    const fields = type.getFields();
    for (const [name, item] of Object.entries(value)) {
      const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
      if (!field) continue; // graphql-js refuses an unknown input field with its own error.
      const found = problemOf(item, field.type, `${path}.${name}`, limits);
      if (found) return found;
    }
    return undefined;
  }
  if (isScalarType(type) && type.name === 'Date') {
    return isDateInRange(value) ? undefined : { path, problem: dateErrorMessage };
  }
  if (typeof value !== 'string' || !(isScalarType(type) || isEnumType(type))) return undefined;
  const maximum = type.name === 'ID' ? limits.maxIdLength : limits.maxStringLength;
  const problem = stringProblem(value, maximum);
  return problem ? { path, problem: `The value ${problem}.` } : undefined;
}

/**
 * The first argument value of `document`, literal or variable, that may not enter the graph, as
 * a `BAD_USER_INPUT` error (HTTP 400) naming the argument (`argumentName`), the position inside it
 * (`field`, e.g. `filter.from`) and, for a variable, `variableName`, never quoting the value:
 * a `Date` that is not a calendar day of `dateRange`, or a string over its length limit, holding
 * a NUL character or a lone surrogate. Undefined when every value may enter.
 */
export function checkInputValues(
  document: DocumentNode,
  schema: GraphQLSchema,
  variables: Readonly<Record<string, unknown>> | undefined,
  limits: InputLimits = defaultInputLimits,
): GraphQLError | undefined {
  for (const { node, type, name, owner } of argumentSites(document, schema)) {
    const value = valueFromASTUntyped(node.value, variables ?? {});
    const found = problemOf(value, type, name, limits);
    if (!found) continue;
    return new GraphQLError(
      `Argument ${found.path}${owner ? ` of ${owner}` : ''}: ${found.problem}`,
      {
        nodes: node,
        extensions: {
          code: 'BAD_USER_INPUT',
          argumentName: name,
          field: found.path,
          ...(node.value.kind === Kind.VARIABLE ? { variableName: node.value.name.value } : {}),
          http: { status: 400 },
        },
      },
    );
  }
  return undefined;
}

/** One argument of a document, with what the schema says of it. */
interface ArgumentSite {
  node: ArgumentNode;
  type: GraphQLInputType;
  name: string;
  /** The field or directive the argument is given to. */
  owner: string | undefined;
}

// Apollo Server keeps one parsed document per query text (its document store), so an operation
// asked again is walked with the schema's types once, not on every request; each request only
// reads its own values at the places found. Weak keys: forgotten with the document or schema.
const sitesOfDocuments = new WeakMap<DocumentNode, WeakMap<GraphQLSchema, ArgumentSite[]>>();

/** The arguments of `document` in document order (the first refused is the one reported). */
function argumentSites(document: DocumentNode, schema: GraphQLSchema): ArgumentSite[] {
  let bySchema = sitesOfDocuments.get(document);
  if (!bySchema) {
    bySchema = new WeakMap();
    sitesOfDocuments.set(document, bySchema);
  }
  const known = bySchema.get(schema);
  if (known) return known;
  const sites: ArgumentSite[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument) return false;
        // A subgraph's `_entities` list is the gateway's own batch of references (3,321 communes
        // in one fetch), never a client's input: the gateway's API schema has no such field.
        if (typeInfo.getFieldDef()?.name === '_entities') return false;
        sites.push({
          node,
          type: argument.type,
          name: argument.name,
          owner: typeInfo.getFieldDef()?.name ?? typeInfo.getDirective()?.name,
        });
        return false;
      },
    }),
  );
  bySchema.set(schema, sites);
  return sites;
}
