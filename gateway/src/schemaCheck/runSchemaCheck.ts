import {
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { composeSupergraph } from '../composeSupergraph.ts';
import { apiSchemaOf, composeContract } from '../contracts/composeContract.ts';
import { type ContractDefinition, contracts as definedContracts } from '../contracts/contracts.ts';
import { knownOperationTypesRule } from '../knownOperationTypesRule.ts';
import { prepareSupergraph } from '../security/prepareSupergraph.ts';
import type { SubgraphDefinition } from '../subgraphs.ts';
import { supergraphOwners } from '../supergraphOwners.ts';
import { diffSupergraphs, type SchemaChange } from './diffSupergraphs.ts';
import type { Manifest } from './findManifests.ts';
import { type Lint, lintSupergraph } from './lintSupergraph.ts';
import { operationCoordinates, usesPath } from './operationCoordinates.ts';
import type { AuditUsage } from './readAuditUsage.ts';
import { describeOperation, type UsedOperation } from './usedOperations.ts';

/** The supergraph a check compares with, and how it was chosen. */
export interface CheckBase {
  /** `main (merge-base 1a2b3c4)`, `HEAD`, `the checked-in file`, … */
  label: string;
  /** Undefined when there was no supergraph yet: every element is new. */
  supergraphSdl: string | undefined;
}

/** What a schema check reads. */
export interface SchemaCheckInput {
  /** Every subgraph as the working tree has it. */
  definitions: readonly SubgraphDefinition[];
  /** Report only what this subgraph changes or owns; every subgraph without it. */
  subgraph?: string | undefined;
  base: CheckBase;
  manifests: readonly Manifest[];
  /** The audit log's usage; undefined when no gateway database is configured. */
  audit?: AuditUsage | undefined;
  /** @default the contracts of gateway/src/contracts/contracts.ts */
  contracts?: readonly ContractDefinition[];
}

/** A change of the check, with the operations it affects. */
export interface CheckedChange extends SchemaChange {
  /** Operations that use the changed element, described (`Name (source)`). */
  usedBy: string[];
}

/** An operation a client runs that no longer validates against the new schema. */
export interface BrokenOperation {
  operation: string;
  errors: string[];
}

/** Everything a schema check found; `passed` is false when there is any error. */
export interface SchemaCheckReport {
  /** The subgraphs the report covers. */
  subgraphs: string[];
  base: string;
  composition: { ok: boolean; errors: { message: string; subgraphs: string[] }[] };
  usage: {
    manifests: { path: string; operations: number; errors: string[] }[];
    audit:
      | { configured: false }
      | { configured: true; days: number; operations: number; withoutDocument: number };
  };
  changes: CheckedChange[];
  brokenOperations: BrokenOperation[];
  lints: Lint[];
  errors: number;
  warnings: number;
  passed: boolean;
}

const additions = new Set([
  'TYPE_ADDED',
  'FIELD_ADDED',
  'INPUT_FIELD_ADDED',
  'ENUM_VALUE_ADDED',
  'FIELD_ARGUMENT_ADDED',
]);

/** Every coordinate of a type: itself, its fields and their arguments, input fields, values. */
function coordinatesOf(schema: GraphQLSchema, typeName: string): string[] {
  const type = schema.getType(typeName);
  if (!type) return [typeName];
  const members =
    isObjectType(type) || isInterfaceType(type)
      ? Object.values(type.getFields()).flatMap((field) => [
          `${typeName}.${field.name}`,
          ...field.args.map((argument) => `${typeName}.${field.name}.${argument.name}`),
        ])
      : isInputObjectType(type)
        ? Object.keys(type.getFields()).map((field) => `${typeName}.${field}`)
        : isEnumType(type)
          ? type.getValues().map((value) => `${typeName}.${value.name}`)
          : [];
  return [typeName, ...members];
}

/** The subgraph names a composition error message quotes. */
function subgraphsNamed(message: string, names: readonly string[]): string[] {
  return names.filter((name) => message.includes(`"${name}"`));
}

/**
 * Checks the subgraphs' working-tree SDL against a base supergraph: recomposes the supergraph
 * and its contracts, classifies every change (graphql-inspector, plus policies), finds which
 * client operations each change affects (trusted-document manifests, the audit log), validates
 * those operations against the new schema, and lints the result. Pure: the caller reads git,
 * files and the database.
 */
export async function runSchemaCheck(input: SchemaCheckInput): Promise<SchemaCheckReport> {
  const names = input.definitions.map((definition) => definition.name);
  const covers = (subgraphs: readonly string[]) =>
    !input.subgraph || subgraphs.includes(input.subgraph);
  const report = emptyReport(input, names);

  const composition = composeSupergraph(input.definitions);
  let contracts: ComposedContract[] = [];
  if (composition.ok) {
    contracts = composeContracts(input, composition.supergraphSdl, names, report);
  } else {
    report.composition.errors = composition.errors.map((message) => ({
      message,
      subgraphs: subgraphsNamed(message, names),
    }));
  }
  report.composition.errors = report.composition.errors.filter(
    (error) => error.subgraphs.length === 0 || covers(error.subgraphs),
  );
  report.composition.ok = report.composition.errors.length === 0;
  if (!composition.ok || !report.composition.ok) return finish(report);

  const newSdl = composition.supergraphSdl;
  const newSchema = apiSchemaOf(newSdl);
  const baseSchema = input.base.supergraphSdl ? apiSchemaOf(input.base.supergraphSdl) : undefined;
  const changes = input.base.supergraphSdl
    ? await diffSupergraphs(input.base.supergraphSdl, newSdl)
    : [];
  const added = addedCoordinates(newSchema, baseSchema, changes);

  const operations: UsedOperation[] = [
    ...input.manifests.flatMap((manifest) => manifest.operations),
    ...(input.audit?.operations ?? []),
  ];
  const used = operations.map((operation) => ({
    operation,
    coordinates: operationCoordinates(baseSchema ?? newSchema, operation.document),
  }));
  for (const change of changes.filter((candidate) => covers(candidate.subgraphs))) {
    const wholeType = /^(ENUM_VALUE|UNION_MEMBER|OBJECT_TYPE_INTERFACE)/.test(change.type);
    report.changes.push({
      ...change,
      usedBy: used
        .filter(({ coordinates }) => usesPath(coordinates, change.path, { wholeType }))
        .map(({ operation }) => describeOperation(operation)),
    });
  }
  report.brokenOperations = brokenOperations(used, newSchema, baseSchema, report, input.subgraph);

  const document = parse(newSdl);
  report.lints = lintSupergraph({
    document,
    schema: newSchema,
    prepared: prepareSupergraph(newSdl),
    owners: supergraphOwners(document),
    contracts,
    added,
  }).filter((lint) => covers(lint.subgraphs));
  return finish(report);
}

/** A contract composed over the new supergraph, as the lints read it. */
interface ComposedContract {
  name: string;
  audience: ContractDefinition['audience'];
  schema: GraphQLSchema;
}

/** A client operation with the schema coordinates it reads. */
interface OperationUse {
  operation: UsedOperation;
  coordinates: ReturnType<typeof operationCoordinates>;
}

/** The report before anything is checked: what it covers and the usage it read. */
function emptyReport(input: SchemaCheckInput, names: string[]): SchemaCheckReport {
  return {
    subgraphs: input.subgraph ? [input.subgraph] : names,
    base: input.base.label,
    composition: { ok: true, errors: [] },
    usage: {
      manifests: input.manifests.map((manifest) => ({
        path: manifest.path,
        operations: manifest.operations.length,
        errors: manifest.errors,
      })),
      audit: input.audit
        ? {
            configured: true,
            days: input.audit.days,
            operations: input.audit.operations.length,
            withoutDocument: input.audit.withoutDocument,
          }
        : { configured: false },
    },
    changes: [],
    brokenOperations: [],
    lints: [],
    errors: 0,
    warnings: 0,
    passed: false,
  };
}

/**
 * Composes each contract over the new supergraph; a contract that does not compose adds its
 * errors to the report's composition errors.
 */
function composeContracts(
  input: SchemaCheckInput,
  supergraphSdl: string,
  names: readonly string[],
  report: SchemaCheckReport,
): ComposedContract[] {
  const contracts: ComposedContract[] = [];
  for (const contract of input.contracts ?? definedContracts) {
    const result = composeContract(input.definitions, contract, supergraphSdl);
    if (result.ok) {
      contracts.push({
        name: contract.name,
        audience: contract.audience,
        schema: result.apiSchema,
      });
    } else {
      for (const message of result.errors) {
        report.composition.errors.push({
          message: `contract ${contract.name}: ${message}`,
          subgraphs: subgraphsNamed(message, names),
        });
      }
    }
  }
  return contracts;
}

/** The coordinates the change adds: every one of the new schema when there was no base. */
function addedCoordinates(
  newSchema: GraphQLSchema,
  baseSchema: GraphQLSchema | undefined,
  changes: readonly SchemaChange[],
): Set<string> {
  const added = new Set<string>();
  if (!baseSchema) {
    for (const typeName of Object.keys(newSchema.getTypeMap())) {
      for (const coordinate of coordinatesOf(newSchema, typeName)) added.add(coordinate);
    }
  }
  for (const change of changes) {
    if (!additions.has(change.type)) continue;
    const members =
      change.type === 'TYPE_ADDED' ? coordinatesOf(newSchema, change.path) : [change.path];
    for (const coordinate of members) added.add(coordinate);
  }
  return added;
}

/**
 * The operations that validated against the base schema and no longer validate against the new
 * one; for one subgraph's check, only those that use one of the report's changes.
 */
function brokenOperations(
  used: readonly OperationUse[],
  newSchema: GraphQLSchema,
  baseSchema: GraphQLSchema | undefined,
  report: SchemaCheckReport,
  subgraph: string | undefined,
): BrokenOperation[] {
  const broken: BrokenOperation[] = [];
  const rules = [...specifiedRules, knownOperationTypesRule];
  const ownChanges = new Set(report.changes.map((change) => change.path));
  for (const { operation, coordinates } of used) {
    // An operation that was already invalid is not this change's doing.
    if (baseSchema && validate(baseSchema, operation.document, rules).length > 0) continue;
    const errors = validate(newSchema, operation.document, rules).map((error) => error.message);
    if (errors.length === 0) continue;
    if (subgraph && ![...ownChanges].some((path) => usesPath(coordinates, path))) continue;
    broken.push({ operation: describeOperation(operation), errors });
  }
  return broken;
}

/** Counts errors and warnings and decides. */
function finish(report: SchemaCheckReport): SchemaCheckReport {
  const breaking = report.changes.filter((change) => change.classification === 'breaking');
  report.errors =
    report.composition.errors.length +
    report.usage.manifests.reduce((sum, manifest) => sum + manifest.errors.length, 0) +
    breaking.filter((change) => change.usedBy.length > 0).length +
    report.brokenOperations.length +
    report.lints.filter((lint) => lint.level === 'error').length;
  report.warnings =
    breaking.filter((change) => change.usedBy.length === 0).length +
    report.changes.filter((change) => change.classification === 'dangerous').length +
    report.lints.filter((lint) => lint.level === 'warning').length;
  report.passed = report.errors === 0;
  return report;
}
