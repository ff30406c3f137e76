import { Supergraph } from '@apollo/federation-internals';
import {
  directiveArguments,
  isRestricted,
  linkedDirectiveNames,
  readPolicies,
  type SchemaPolicies,
} from '@home-affairs/identity';
import {
  type ConstDirectiveNode,
  type DocumentNode,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';
import { supergraphOwners } from '../supergraphOwners.ts';

/** What the limits read from `@listSize`: how many items a list field returns. */
export interface ListSize {
  assumedSize?: number | undefined;
  slicingArguments: readonly string[];
}

/**
 * What the gateway does with a root field that carries no policy (neither
 * `@authenticated`/`@requiresScopes` nor `@tag(name: "public")`), as a supergraph composed
 * elsewhere has: `refuse` to start (the default: nothing is public by oversight), serve it to
 * everyone (`public`), or to any caller with a valid token (`authenticated`).
 */
export type UnannotatedRootFields = 'public' | 'authenticated' | 'refuse';

/** The values `UNANNOTATED_ROOT_FIELDS` accepts. */
export const unannotatedRootFieldChoices: readonly UnannotatedRootFields[] = [
  'refuse',
  'public',
  'authenticated',
];

/** How to prepare a supergraph. */
export interface PrepareSupergraphOptions {
  /**
   * The operator's choice for root fields without a policy. With `public` or `authenticated` the
   * fields get that policy; with `refuse` they are only listed in `missingPolicies`, and
   * `refuseUnannotatedRootFields` stops the start.
   * @default 'refuse'
   */
  unannotatedRootFields?: UnannotatedRootFields;
}

/** A supergraph made loadable by Apollo Gateway, and what our gateway must enforce over it. */
export interface PreparedSupergraph {
  /** The supergraph with the purpose `SECURITY` dropped from the links this gateway enforces. */
  gatewaySdl: string;
  policies: SchemaPolicies;
  /** Subgraphs that resolve each root field (`Mutation.renameUnit` → `['units']`). */
  owners: ReadonlyMap<string, readonly string[]>;
  /** `@cost(weight:)` by field coordinate. */
  costs: ReadonlyMap<string, number>;
  /** `@listSize` by field coordinate. */
  listSizes: ReadonlyMap<string, ListSize>;
  /**
   * Root fields with neither a policy nor `@tag(name: "public")`: they fail startup unless the
   * operator chose a policy for them (`unannotatedRootFields`), which `policies` then carries.
   */
  missingPolicies: readonly string[];
  /** The choice applied to `missingPolicies`. */
  unannotatedRootFields: UnannotatedRootFields;
  /**
   * The inputs that carry personal data, by coordinate: input fields
   * (`RecordSeparationInput.birthDate`) and arguments (`Query.person(nationalId:)`) tagged
   * `@tag(name: "personal")`, like the output fields they are stored in. The audit log redacts
   * every value sent to them, whatever it looks like (a date, a number).
   */
  personalInputs: ReadonlySet<string>;
}

/** Security features this gateway enforces itself (usePolicies), so it may load them. */
const enforcedFeatures = new Set([
  'https://specs.apollo.dev/authenticated',
  'https://specs.apollo.dev/requiresScopes',
]);
/**
 * Security features Apollo Gateway enforces itself: `@inaccessible` elements are left out of the
 * API schema it serves, so an operation naming one fails validation like an unknown field.
 */
const gatewayEnforcedFeatures = new Set(['https://specs.apollo.dev/inaccessible']);
const federationSpec = 'https://specs.apollo.dev/federation';
const costSpec = 'https://specs.apollo.dev/cost';
const inaccessibleSpec = 'https://specs.apollo.dev/inaccessible';
const tagSpec = 'https://specs.apollo.dev/tag';
/** The tag that marks personal data of individuals (docs/contracts.md). */
const personalTag = 'personal';

/** The supergraphs prepared in this process, by choice and text (a few; tests make more). */
const preparedSupergraphs = new Map<string, PreparedSupergraph>();
/** The texts that passed loadableSupergraph's check in this process. */
const loadableTexts = new Set<string>();
/** How many of each are remembered: a gateway process uses two or three texts. */
const maxRemembered = 8;

/**
 * Prepares a supergraph composed with `@authenticated`/`@requiresScopes` for Apollo Gateway.
 *
 * Composition links those specs `for: SECURITY`, which tells an engine that does not implement a
 * feature to refuse the schema rather than serve it unprotected; Apollo Gateway implements neither
 * and refuses. This gateway does enforce them (from the policies returned here), so it drops that
 * purpose from exactly those links and keeps everything else, directive applications included
 * (`loadableSupergraph`). The checked-in supergraph file is never changed; it stays portable to
 * engines that enforce the directives natively.
 *
 * Root fields without a policy get the one `options.unannotatedRootFields` chooses; with the
 * default (`refuse`) they are listed in `missingPolicies` for `refuseUnannotatedRootFields`.
 * Throws when the text is not a supergraph Apollo Gateway can load.
 */
export function prepareSupergraph(
  supergraphSdl: string,
  options: PrepareSupergraphOptions = {},
): PreparedSupergraph {
  const unannotatedRootFields = options.unannotatedRootFields ?? 'refuse';
  // The gateway's start prepares its supergraph twice (main.ts, before anything is created, and
  // the security layer): the second is the first's result, which nothing changes.
  const key = `${unannotatedRootFields}\n${supergraphSdl}`;
  let prepared = preparedSupergraphs.get(key);
  if (!prepared) {
    prepared = prepareSupergraphText(supergraphSdl, unannotatedRootFields);
    if (preparedSupergraphs.size >= maxRemembered) preparedSupergraphs.clear();
    preparedSupergraphs.set(key, prepared);
  }
  return prepared;
}

function prepareSupergraphText(
  supergraphSdl: string,
  unannotatedRootFields: UnannotatedRootFields,
): PreparedSupergraph {
  const document = parse(supergraphSdl);
  const gatewaySdl = loadableSupergraph(document);

  const declared = readPolicies(document);
  const rootTypes = rootTypeNames(document);
  const owners = rootFieldOwners(document, rootTypes);
  const { costs, listSizes } = readCosts(document);
  // Inaccessible fields are not served at all: they need no policy.
  const inaccessible = linkedDirectiveNames(document, 'inaccessible', [inaccessibleSpec]);
  const isInaccessible = (directives: readonly ConstDirectiveNode[] | undefined) =>
    (directives ?? []).some((directive) => inaccessible.has(directive.name.value));
  const missingPolicies: string[] = [];
  for (const definition of objectDefinitions(document)) {
    const typeName = definition.name.value;
    if (
      !rootTypes.includes(typeName) ||
      isRestricted(declared.types.get(typeName)) ||
      isInaccessible(definition.directives)
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) {
      if (isInaccessible(field.directives)) continue;
      const coordinate = `${typeName}.${field.name.value}`;
      if (
        !isRestricted(declared.fields.get(coordinate)) &&
        !declared.publicFields.has(coordinate)
      ) {
        missingPolicies.push(coordinate);
      }
    }
  }
  return {
    gatewaySdl,
    policies: withChosenPolicy(declared, missingPolicies, unannotatedRootFields),
    owners,
    costs,
    listSizes,
    missingPolicies,
    unannotatedRootFields,
    personalInputs: readPersonalInputs(document),
  };
}

/** Input fields and arguments tagged `@tag(name: "personal")`, by coordinate. */
function readPersonalInputs(document: DocumentNode): Set<string> {
  const tagNames = linkedDirectiveNames(document, 'tag', [tagSpec]);
  const isPersonal = (directives: readonly ConstDirectiveNode[] | undefined) =>
    (directives ?? []).some(
      (directive) =>
        tagNames.has(directive.name.value) && directiveArguments(directive).name === personalTag,
    );
  const personal = new Set<string>();
  for (const definition of document.definitions) {
    if (
      definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION
    ) {
      for (const field of definition.fields ?? []) {
        if (isPersonal(field.directives)) {
          personal.add(`${definition.name.value}.${field.name.value}`);
        }
      }
    } else if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
      definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      definition.kind === Kind.INTERFACE_TYPE_EXTENSION
    ) {
      for (const field of definition.fields ?? []) {
        for (const argument of field.arguments ?? []) {
          if (isPersonal(argument.directives)) {
            personal.add(`${definition.name.value}.${field.name.value}(${argument.name.value}:)`);
          }
        }
      }
    }
  }
  return personal;
}

/**
 * Throws the startup error for root fields without a policy when the operator has not chosen
 * one for them (`UNANNOTATED_ROOT_FIELDS`, default `refuse`): fail closed, saying how to fix it.
 */
export function refuseUnannotatedRootFields(prepared: PreparedSupergraph): void {
  if (prepared.unannotatedRootFields !== 'refuse' || prepared.missingPolicies.length === 0) return;
  throw new Error(
    `Root fields without a policy: ${prepared.missingPolicies.join(', ')}. Annotate them in their subgraph (@authenticated, @requiresScopes or @tag(name: "public")), or choose a policy for every unannotated root field with UNANNOTATED_ROOT_FIELDS=public or UNANNOTATED_ROOT_FIELDS=authenticated (docs/security.md).`,
  );
}

/** The declared policies, with the operator's choice given to the unannotated root fields. */
function withChosenPolicy(
  declared: SchemaPolicies,
  missing: readonly string[],
  choice: UnannotatedRootFields,
): SchemaPolicies {
  if (choice === 'refuse' || missing.length === 0) return declared;
  if (choice === 'public') {
    return { ...declared, publicFields: new Set([...declared.publicFields, ...missing]) };
  }
  const fields = new Map(declared.fields);
  for (const coordinate of missing) fields.set(coordinate, { authenticated: true, scopes: [] });
  return { ...declared, fields };
}

/**
 * The supergraph as Apollo Gateway can load it: the purpose `SECURITY` dropped from the links of
 * the features this gateway enforces itself (`@authenticated`, `@requiresScopes`). `@inaccessible`
 * is left as it is: Apollo Gateway enforces it. Any other `SECURITY` feature (`@policy`,
 * `@context`) is refused: nothing here enforces it. Throws, as Apollo Gateway would when loading
 * it, when the text is not a supergraph it can serve, so a bad file stops the start before
 * anything else happens.
 */
export function loadableSupergraph(supergraph: string | DocumentNode): string {
  const document = typeof supergraph === 'string' ? parse(supergraph) : supergraph;
  const unsupported: string[] = [];
  const gatewayDocument = visit(document, {
    SchemaDefinition: (node) => ({ ...node, directives: node.directives?.map(loadable) }),
    SchemaExtension: (node) => ({ ...node, directives: node.directives?.map(loadable) }),
  });
  function loadable(directive: ConstDirectiveNode): ConstDirectiveNode {
    if (directive.name.value !== 'link') return directive;
    const purpose = directive.arguments?.find((argument) => argument.name.value === 'for');
    if (purpose?.value.kind !== Kind.ENUM || purpose.value.value !== 'SECURITY') return directive;
    const url = String(directiveArguments(directive).url);
    const feature = url.replace(/\/v\d+\.\d+\/?$/, '');
    if (gatewayEnforcedFeatures.has(feature)) return directive;
    if (!enforcedFeatures.has(feature)) {
      unsupported.push(url);
      return directive;
    }
    return { ...directive, arguments: directive.arguments?.filter((a) => a !== purpose) };
  }
  if (unsupported.length > 0) {
    throw new Error(
      `The supergraph links ${unsupported.join(', ')} for SECURITY, which this gateway does not enforce`,
    );
  }
  const gatewaySdl = print(gatewayDocument);
  // The checks Apollo Gateway makes when it loads the file: a supergraph, a join spec it knows,
  // no feature it does not implement, valid @inaccessible. Made once per text: each check builds
  // the whole supergraph (about half a second), and tests prepare the same texts many times.
  if (!loadableTexts.has(gatewaySdl)) {
    Supergraph.build(gatewaySdl);
    if (loadableTexts.size >= maxRemembered) loadableTexts.clear();
    loadableTexts.add(gatewaySdl);
  }
  return gatewaySdl;
}

function objectDefinitions(document: DocumentNode): ObjectTypeDefinitionNode[] {
  return document.definitions.filter(
    (definition): definition is ObjectTypeDefinitionNode =>
      definition.kind === Kind.OBJECT_TYPE_DEFINITION,
  );
}

function rootTypeNames(document: DocumentNode): string[] {
  const schema = document.definitions.find((d) => d.kind === Kind.SCHEMA_DEFINITION);
  if (schema?.kind !== Kind.SCHEMA_DEFINITION) return ['Query', 'Mutation', 'Subscription'];
  return schema.operationTypes.map((operationType) => operationType.type.name.value);
}

/** The subgraphs that resolve each root field, from the supergraph's join directives. */
function rootFieldOwners(document: DocumentNode, rootTypes: string[]) {
  const owners = new Map<string, readonly string[]>();
  for (const [coordinate, graphs] of supergraphOwners(document)) {
    const [typeName, fieldName] = coordinate.split('.');
    if (fieldName && rootTypes.includes(typeName!)) owners.set(coordinate, graphs);
  }
  return owners;
}

function readCosts(document: DocumentNode) {
  const costNames = linkedDirectiveNames(document, 'cost', [costSpec, federationSpec]);
  const listSizeNames = linkedDirectiveNames(document, 'listSize', [costSpec, federationSpec]);
  const costs = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) {
      const coordinate = `${definition.name.value}.${field.name.value}`;
      for (const directive of field.directives ?? []) {
        const args = directiveArguments(directive);
        if (costNames.has(directive.name.value) && typeof args.weight === 'number') {
          costs.set(coordinate, args.weight);
        } else if (listSizeNames.has(directive.name.value)) {
          listSizes.set(coordinate, {
            assumedSize: typeof args.assumedSize === 'number' ? args.assumedSize : undefined,
            slicingArguments: Array.isArray(args.slicingArguments)
              ? args.slicingArguments.map(String)
              : [],
          });
        }
      }
    }
  }
  return { costs, listSizes };
}
