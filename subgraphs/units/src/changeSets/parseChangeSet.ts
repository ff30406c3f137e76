import { isCalendarDate } from '@home-affairs/graphql';
import { type UnitTransitionRow, unitLevel } from '../db/schema.ts';
import type { UnitLevel, UnitType } from '../units/queries.ts';
import { ChangeSetError } from './ChangeSetError.ts';
import { Checker } from './Checker.ts';

/** Whether an old unit went into a new one whole or only in part. */
export type Share = UnitTransitionRow['share'];

/** A unit on the other side of a transition, with how much of it. */
export interface LinkedUnit {
  code: string;
  share: Share;
}

/** The fields an update can change, and that `expect` can check. */
export interface UnitFields {
  /** Name without the type word. */
  name?: string;
  type?: UnitType;
  parentCode?: string;
}

/** Rename, retype or reparent a unit: its version in force is closed and a new one opened. */
export interface UpdateOperation {
  op: 'update';
  code: string;
  set: UnitFields;
  /** Checked against the version in force before anything is written. */
  expect?: UnitFields;
  /** Legal basis of this operation when it differs from the change set's. */
  resolution?: string;
}

/** A new unit, optionally formed from (parts of) units in force the day before. */
export interface EstablishOperation {
  op: 'establish';
  code: string;
  level: UnitLevel;
  type: UnitType;
  name: string;
  /** Required except for a province. */
  parentCode?: string;
  predecessors?: LinkedUnit[];
  resolution?: string;
}

/** A unit that ceases to exist, with where its territory went. */
export interface AbolishOperation {
  op: 'abolish';
  code: string;
  successors: LinkedUnit[];
  expect?: UnitFields;
  resolution?: string;
}

/** One step of a change set. */
export type ChangeSetOperation = UpdateOperation | EstablishOperation | AbolishOperation;

/** The corrections a change set may carry: the graph's mutations, by name. */
export const correctionOperations = {
  recordLineageLinks: ['links'],
  renameUnit: ['code', 'name'],
  retypeUnit: ['code', 'type'],
  mergeUnits: ['codes', 'intoCode', 'name', 'type'],
  splitUnit: ['code', 'parts'],
} as const;

/** The name of a correction a change set may carry. */
export type CorrectionOperationName = keyof typeof correctionOperations;

/**
 * A correction written in a change set: the same operation, input and checks as the mutation of
 * that name (without `idempotencyKey`, `dryRun`, `legalBasis` and `effectiveDate`, which the
 * change set gives), applied through the same code after the update/establish/abolish steps.
 */
export interface CorrectionOperation {
  op: CorrectionOperationName;
  /** Position in `operations`, for error paths. */
  index: number;
  /** The mutation's input fields. */
  input: Record<string, unknown>;
  resolution?: string;
}

/** A dated reorganisation, as written in `changesets/*.json`. */
export interface ChangeSet {
  /** Stable identifier; the file name without `.json`. */
  id: string;
  title: string;
  /** Main legal basis, e.g. "30/2026/QH16". */
  resolution?: string;
  /** First day the new versions are in force (YYYY-MM-DD). */
  effectiveDate: string;
  /** Where the facts come from: URLs or citations; at least one. */
  sources: string[];
  notes?: string;
  operations: ChangeSetOperation[];
  /** Corrections, in file order (see CorrectionOperation). */
  corrections: CorrectionOperation[];
}

/** The levels each type belongs to. */
export const levelOfType: Record<UnitType, UnitLevel> = {
  CENTRALLY_RUN_CITY: 'PROVINCE',
  PROVINCE: 'PROVINCE',
  URBAN_DISTRICT: 'DISTRICT',
  RURAL_DISTRICT: 'DISTRICT',
  DISTRICT_LEVEL_TOWN: 'DISTRICT',
  PROVINCIAL_CITY: 'DISTRICT',
  MUNICIPAL_CITY: 'DISTRICT',
  WARD: 'COMMUNE',
  COMMUNE: 'COMMUNE',
  COMMUNE_LEVEL_TOWN: 'COMMUNE',
  SPECIAL_ZONE: 'COMMUNE',
};

const idPattern = /^[a-z0-9][a-z0-9-]*$/u;

/** Parses JSON text, throwing a `ChangeSetError` when it is not valid JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ChangeSetError(
      [
        {
          code: 'CHANGE_SET_INVALID',
          path: '$',
          message: `not valid JSON: ${(error as Error).message}`,
        },
      ],
      { cause: error },
    );
  }
}

/** The `sources` of a change set: at least one citation. */
function checkSources(check: Checker, value: unknown): string[] {
  const sources: string[] = [];
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((source, index) => {
      sources.push(check.text(source, `$.sources[${index}]`, true) ?? '');
    });
  } else {
    check.fail('$.sources', 'must cite at least one source');
  }
  return sources;
}

/** One entry of `operations` being checked as a step: its checker, path, code and resolution. */
interface StepInput {
  check: Checker;
  operation: Record<string, unknown>;
  path: string;
  code: string | undefined;
  resolution: string | undefined;
}

/** The fields an update or abolish step expects of the unit, when it gives them. */
function expectedFields({ check, operation, path }: StepInput): UnitFields | undefined {
  return operation.expect === undefined
    ? undefined
    : check.fields(operation.expect, `${path}.expect`);
}

/** An `update` step: the fields it sets (at least one) and those it expects. */
function checkUpdate(input: StepInput): UpdateOperation | undefined {
  const { check, operation, path, code, resolution } = input;
  check.onlyKeys(operation, path, ['op', 'code', 'set', 'expect', 'resolution']);
  const set = check.fields(operation.set, `${path}.set`);
  if (set && Object.keys(set).length === 0) {
    check.fail(`${path}.set`, 'must change at least one of name, type, parentCode');
  }
  const expect = expectedFields(input);
  return code && set ? { op: 'update', code, set, expect, resolution } : undefined;
}

/** An `establish` step: level, type and name that agree, a parent unless a province. */
function checkEstablish(input: StepInput): EstablishOperation | undefined {
  const { check, operation, path, code, resolution } = input;
  check.onlyKeys(operation, path, [
    'op',
    'code',
    'level',
    'type',
    'name',
    'parentCode',
    'predecessors',
    'resolution',
  ]);
  const level = (unitLevel.enumValues as readonly string[]).includes(String(operation.level))
    ? (operation.level as UnitLevel)
    : undefined;
  if (!level) {
    check.fail(`${path}.level`, `must be one of ${unitLevel.enumValues.join(', ')}`);
  }
  const type = check.type(operation.type, `${path}.type`);
  const name = check.text(operation.name, `${path}.name`, true);
  const parentCode =
    operation.parentCode === undefined
      ? undefined
      : check.code(operation.parentCode, `${path}.parentCode`);
  const predecessors = check.links(operation.predecessors, `${path}.predecessors`, false);
  if (level && type && levelOfType[type] !== level) {
    check.fail(
      `${path}.type`,
      `${type} is not a type of level ${level}`,
      'CHANGE_SET_LEVEL_MISMATCH',
    );
  }
  if (level && level !== 'PROVINCE' && operation.parentCode === undefined) {
    check.fail(`${path}.parentCode`, `a unit of level ${level} needs a parent`);
  }
  if (level === 'PROVINCE' && operation.parentCode !== undefined) {
    check.fail(`${path}.parentCode`, 'a province has no parent');
  }
  if (!(code && level && type && name)) return undefined;
  return { op: 'establish', code, level, type, name, parentCode, predecessors, resolution };
}

/** An `abolish` step: where the unit's territory went, and what it expects of the unit. */
function checkAbolish(input: StepInput): AbolishOperation | undefined {
  const { check, operation, path, code, resolution } = input;
  check.onlyKeys(operation, path, ['op', 'code', 'successors', 'expect', 'resolution']);
  const successors = check.links(operation.successors, `${path}.successors`, true);
  const expect = expectedFields(input);
  return code && successors ? { op: 'abolish', code, successors, expect, resolution } : undefined;
}

/** The update, establish or abolish step `operation.op` names; a failure for any other op. */
function checkStep(input: StepInput): ChangeSetOperation | undefined {
  switch (input.operation.op) {
    case 'update':
      return checkUpdate(input);
    case 'establish':
      return checkEstablish(input);
    case 'abolish':
      return checkAbolish(input);
    default:
      input.check.fail(
        `${input.path}.op`,
        `must be update, establish, abolish or a correction (${Object.keys(correctionOperations).join(', ')})`,
      );
      return undefined;
  }
}

/** Checks one entry of `operations` into `operations` or `corrections`, by its `op`. */
function checkOperation(
  check: Checker,
  item: unknown,
  index: number,
  operations: ChangeSetOperation[],
  corrections: CorrectionOperation[],
): void {
  const path = `$.operations[${index}]`;
  const operation = check.object(item, path);
  if (!operation) return;
  const resolution = check.text(operation.resolution, `${path}.resolution`, false);
  if (typeof operation.op === 'string' && Object.hasOwn(correctionOperations, operation.op)) {
    const op = operation.op as CorrectionOperationName;
    const fields: readonly string[] = correctionOperations[op];
    check.onlyKeys(operation, path, ['op', 'resolution', ...fields]);
    const { op: _op, resolution: _resolution, ...input } = operation;
    corrections.push({ op, index, input, resolution });
    return;
  }
  const code = check.code(operation.code, `${path}.code`);
  const checked = checkStep({ check, operation, path, code, resolution });
  if (checked) operations.push(checked);
}

/**
 * Parses and checks the shape of a change set file: JSON syntax, required fields, enums, codes
 * and dates. Whether the codes exist is checked against the database when it is applied.
 * Throws a `ChangeSetError` listing every problem found.
 */
export function parseChangeSet(text: string): ChangeSet {
  const json = parseJson(text);
  const check = new Checker();
  const root = check.object(json, '$');
  if (!root) throw new ChangeSetError(check.issues);
  check.onlyKeys(root, '$', [
    '$schema',
    'id',
    'title',
    'resolution',
    'effectiveDate',
    'sources',
    'notes',
    'operations',
  ]);

  const id = check.text(root.id, '$.id', true);
  if (id && !idPattern.test(id))
    check.fail('$.id', 'must be lower-case letters, digits and dashes');
  const title = check.text(root.title, '$.title', true);
  const resolution = check.text(root.resolution, '$.resolution', false);
  const notes = check.text(root.notes, '$.notes', false);
  if (typeof root.effectiveDate !== 'string' || !isCalendarDate(root.effectiveDate)) {
    check.fail('$.effectiveDate', 'must be a date YYYY-MM-DD');
  }
  const sources = checkSources(check, root.sources);

  const operations: ChangeSetOperation[] = [];
  const corrections: CorrectionOperation[] = [];
  if (!Array.isArray(root.operations) || root.operations.length === 0) {
    check.fail('$.operations', 'must be a non-empty array');
  } else {
    root.operations.forEach((item, index) => {
      checkOperation(check, item, index, operations, corrections);
    });
  }

  if (check.issues.length > 0) throw new ChangeSetError(check.issues);
  return {
    id: id!,
    title: title!,
    resolution,
    effectiveDate: root.effectiveDate as string,
    sources,
    notes,
    operations,
    corrections,
  };
}
