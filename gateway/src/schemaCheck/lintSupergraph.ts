import {
  directiveArguments,
  linkedDirectiveNames,
  type Policy,
  type Role,
} from '@home-affairs/identity';
import {
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
} from 'graphql';
import { contractTags } from '../contracts/contracts.ts';
import { fieldsBeyondAudience } from '../contracts/fieldsBeyondAudience.ts';
import type { PreparedSupergraph } from '../security/prepareSupergraph.ts';
import { ownersOf } from '../supergraphOwners.ts';

/** One finding of a lint: an error fails the check, a warning is reported. */
export interface Lint {
  level: 'error' | 'warning';
  /** `policy`, `personal`, `contract`, `description`, `naming`. */
  rule: string;
  /** Schema coordinate. */
  path: string;
  subgraphs: string[];
  message: string;
}

/** What the lints read: the new supergraph and what was composed from it. */
export interface LintInput {
  /** The new supergraph's document. */
  document: DocumentNode;
  /** Its API schema. */
  schema: GraphQLSchema;
  prepared: PreparedSupergraph;
  owners: ReadonlyMap<string, string[]>;
  /** Each contract's API schema and the role it is made for. */
  contracts: readonly { name: string; audience: Role; schema: GraphQLSchema }[];
  /**
   * Coordinates this change adds: the rules of style (descriptions, naming) are errors on them
   * and warnings on what was already there.
   */
  added: ReadonlySet<string>;
}

const tagSpec = 'https://specs.apollo.dev/tag';
const personalScope = /^read:personal:(.+)$/;
/** Field names that usually hold personal data of an individual. */
const personalLooking =
  /^(full|first|last|given|family|middle|birth|maiden)?name$|^(national|citizen|identity|passport|tax)(id|number)$|^(birth(date|day|place)|dateofbirth|phone|phonenumber|mobile|email|homeaddress|address|gender|ethnicity|religion)$/i;

const isPascal = (name: string) => /^[A-Z][A-Za-z0-9]*$/.test(name);
const isCamel = (name: string) => /^[a-z][A-Za-z0-9]*$/.test(name);
const isScreamingSnake = (name: string) => /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(name);
const capitalized = (name: string) => `${name[0]?.toUpperCase() ?? ''}${name.slice(1)}`;

/** The tag that leaves a field out of the contracts whose audience its policy excludes. */
function tagFor(policy: Policy | undefined, mutation: boolean): string {
  if (mutation) return contractTags.write;
  if (policy?.scopes.flat().some((scope) => personalScope.test(scope)))
    return contractTags.personal;
  return contractTags.aggregate;
}

/** Tags applied to each field of the supergraph, by coordinate. */
function fieldTags(document: DocumentNode): Map<string, Set<string>> {
  const tagNames = linkedDirectiveNames(document, 'tag', [tagSpec]);
  const tagsOf = (directives: readonly ConstDirectiveNode[] | undefined) =>
    (directives ?? [])
      .filter((directive) => tagNames.has(directive.name.value))
      .map((directive) => String(directiveArguments(directive).name));
  const tags = new Map<string, Set<string>>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    ) {
      continue;
    }
    const typeTags = tagsOf(definition.directives);
    for (const field of definition.fields ?? []) {
      tags.set(
        `${definition.name.value}.${field.name.value}`,
        new Set([...typeTags, ...tagsOf(field.directives)]),
      );
    }
  }
  return tags;
}

/**
 * The schema's lints: policies (every root field has one; personal fields carry the personal
 * scope of their own subgraph and the `personal` tag, and the reverse), contracts (none shows a
 * field its audience can never read), and the style guide (a description on every type, field,
 * input field and enum value; PascalCase types, camelCase fields and arguments, SCREAMING_SNAKE
 * enum values, mutations taking `input: <Verb><Type>Input` and returning `<Verb><Type>Payload`).
 */
export function lintSupergraph(input: LintInput): Lint[] {
  const { schema, prepared, owners, added } = input;
  const lints: Lint[] = [];
  const report = (rule: string, path: string, message: string, level: Lint['level']) =>
    lints.push({ level, rule, path, subgraphs: ownersOf(owners, path), message });
  const style = (rule: string, path: string, message: string) =>
    report(rule, path, message, added.has(path) ? 'error' : 'warning');

  for (const path of prepared.missingPolicies) {
    report(
      'policy',
      path,
      `Root field ${path} has no policy: add @tag(name: "public"), @authenticated or @requiresScopes.`,
      'error',
    );
  }

  const tags = fieldTags(input.document);
  const mutationType = schema.getMutationType()?.name;
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (!isObjectType(type) && !isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const path = `${type.name}.${field.name}`;
      const scopes = (prepared.policies.fields.get(path)?.scopes ?? []).flat();
      const personal = [...new Set(scopes.filter((scope) => personalScope.test(scope)))];
      const tagged = tags.get(path)?.has(contractTags.personal) ?? false;
      const fieldOwners = ownersOf(owners, path);
      if (personal.length > 0 && !tagged) {
        report(
          'personal',
          path,
          `${path} needs ${personal.join(', ')} but is not tagged @tag(name: "personal"): contracts would show it.`,
          'error',
        );
      }
      if (tagged && personal.length === 0) {
        report(
          'personal',
          path,
          `${path} is tagged personal but has no read:personal:<subgraph> policy: add @requiresScopes(scopes: [["read:personal:${fieldOwners[0] ?? '<subgraph>'}"]]).`,
          'error',
        );
      }
      for (const scope of personal) {
        const subgraph = personalScope.exec(scope)?.[1];
        if (fieldOwners.length > 0 && !(fieldOwners.length === 1 && fieldOwners[0] === subgraph)) {
          report(
            'personal',
            path,
            `${path} is served by ${fieldOwners.join(', ')} but asks for ${scope}: a personal field needs the personal scope of the one subgraph that serves it.`,
            'error',
          );
        }
      }
      if (added.has(path) && personal.length === 0 && personalLooking.test(field.name)) {
        report(
          'personal',
          path,
          `${path} looks like personal data of an individual: if it is, guard it with read:personal:<subgraph> and tag it personal.`,
          'warning',
        );
      }
    }
  }

  for (const contract of input.contracts) {
    for (const path of fieldsBeyondAudience(
      contract.schema,
      prepared.policies,
      contract.audience,
    )) {
      const tag = tagFor(prepared.policies.fields.get(path), path.startsWith(`${mutationType}.`));
      report(
        'contract',
        path,
        `Contract ${contract.name} shows ${path}, which a caller of role ${contract.audience} can never read: tag it @tag(name: "${tag}")${tag === contractTags.write ? " (on the subgraph's type Mutation)" : ''}.`,
        'error',
      );
    }
  }

  lintStyle(schema, style);
  return lints;
}

/** The style guide's rules on descriptions and names. */
function lintStyle(
  schema: GraphQLSchema,
  style: (rule: string, path: string, message: string) => void,
) {
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    const root = [schema.getQueryType(), mutationType].includes(type as never);
    if (!type.description && !root)
      style('description', type.name, `Type ${type.name} has no description.`);
    if (!isPascal(type.name)) style('naming', type.name, `Type ${type.name} is not PascalCase.`);
    // Mutations take `<Verb><Type>Input`; queries take `<Type>Filter` (the graph's convention).
    if (isInputObjectType(type) && !/(Input|Filter)$/.test(type.name)) {
      style('naming', type.name, `Input type ${type.name} ends in neither Input nor Filter.`);
    }
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const path = `${type.name}.${field.name}`;
        if (!field.description) style('description', path, `Field ${path} has no description.`);
        if (!isCamel(field.name)) style('naming', path, `Field ${path} is not camelCase.`);
        for (const argument of 'args' in field ? field.args : []) {
          if (!isCamel(argument.name)) {
            style(
              'naming',
              `${path}.${argument.name}`,
              `Argument ${path}(${argument.name}:) is not camelCase.`,
            );
          }
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        const path = `${type.name}.${value.name}`;
        if (!value.description)
          style('description', path, `Enum value ${path} has no description.`);
        if (!isScreamingSnake(value.name))
          style('naming', path, `Enum value ${path} is not SCREAMING_SNAKE_CASE.`);
      }
    }
  }
  for (const mutation of Object.values(mutationType?.getFields() ?? {})) {
    const path = `${mutationType!.name}.${mutation.name}`;
    const expected = capitalized(mutation.name);
    const input = mutation.args.find((argument) => argument.name === 'input');
    if (!input || getNamedType(input.type).name !== `${expected}Input`) {
      style(
        'naming',
        path,
        `Mutation ${mutation.name} should take one argument input: ${expected}Input!.`,
      );
    }
    if (getNamedType(mutation.type).name !== `${expected}Payload`) {
      style('naming', path, `Mutation ${mutation.name} should return ${expected}Payload.`);
    }
  }
}
