import { dayBefore } from '@home-affairs/graphql';
import type {
  AdministrativeUnitRow,
  NewAdministrativeUnit,
  NewUnitTransition,
} from '../db/schema.ts';
import { canonicalTypeWord } from '../import/parseUnitName.ts';
import { unitSearchKey } from '../import/unitSearchKey.ts';
import { levelRank, type UnitLevel } from '../units/queries.ts';
import { isInForce, isInForceFrom } from '../units/unitNode.ts';
import { ChangeSetError, type ChangeSetIssue } from './ChangeSetError.ts';
import type {
  AbolishOperation,
  ChangeSet,
  EstablishOperation,
  Share,
  UnitFields,
  UpdateOperation,
} from './parseChangeSet.ts';
import { levelOfType } from './parseChangeSet.ts';

/** The writes a change set plans: versions to close and open, transitions to record. */
export interface ChangeSetPlan {
  close: number[];
  open: NewAdministrativeUnit[];
  transitions: NewUnitTransition[];
}

type ChildRow = Pick<AdministrativeUnitRow, 'code' | 'parentCode' | 'fullName'>;

/** The checks and writes of one change set's operations, over the versions they reference. */
export class ChangeSetPlanner {
  private readonly date: string;
  private readonly previousDay: string;
  private readonly source: string;
  private readonly issues: ChangeSetIssue[] = [];
  private readonly versions = new Map<string, AdministrativeUnitRow[]>();
  private readonly established: Map<string, EstablishOperation>;
  private readonly abolished: Set<string>;
  /** The units whose children must move with them or be abolished too. */
  readonly movedOrAbolished: Set<string>;
  private readonly links = new Map<
    string,
    { share: Share; resolution: string | null; path: string }
  >();
  private readonly result: ChangeSetPlan = { close: [], open: [], transitions: [] };
  private children: ChildRow[] = [];

  constructor(
    private readonly changeSet: ChangeSet,
    rows: AdministrativeUnitRow[],
  ) {
    this.date = changeSet.effectiveDate;
    this.previousDay = dayBefore(this.date);
    this.source = `changeset:${changeSet.id}`;
    for (const row of rows) {
      this.versions.set(row.code, [...(this.versions.get(row.code) ?? []), row]);
    }
    this.established = new Map(
      changeSet.operations.flatMap((operation) =>
        operation.op === 'establish' ? [[operation.code, operation] as const] : [],
      ),
    );
    this.abolished = new Set(
      changeSet.operations.flatMap((operation) =>
        operation.op === 'abolish' ? [operation.code] : [],
      ),
    );
    this.movedOrAbolished = new Set<string>(this.abolished);
    for (const operation of changeSet.operations) {
      if (operation.op === 'update' && operation.set.parentCode) {
        this.movedOrAbolished.add(operation.code);
      }
    }
  }

  /** Plans every operation, given the children in force of the moved or abolished units. */
  plan(children: ChildRow[]): ChangeSetPlan {
    this.children = children;
    const subjects = new Map<string, number>();
    this.changeSet.operations.forEach((operation, index) => {
      const earlier = subjects.get(operation.code);
      if (earlier !== undefined) {
        this.fail(
          'CHANGE_SET_DUPLICATE_UNIT',
          `$.operations[${index}].code`,
          `${operation.code} is already the subject of operations[${earlier}]`,
        );
      } else {
        subjects.set(operation.code, index);
      }
    });
    this.changeSet.operations.forEach((operation, index) => {
      const path = `$.operations[${index}]`;
      const resolution = operation.resolution ?? this.changeSet.resolution ?? null;
      if (operation.op === 'update') this.planUpdate(operation, path, resolution);
      else if (operation.op === 'establish') this.planEstablish(operation, path, resolution);
      else this.planAbolish(operation, path, resolution);
    });

    if (this.issues.length > 0) throw new ChangeSetError(this.issues);
    for (const [key, { share, resolution }] of this.links) {
      const [predecessorCode, successorCode] = key.split('>') as [string, string];
      this.result.transitions.push({
        predecessorCode,
        successorCode,
        effectiveDate: this.date,
        share,
        resolution,
        source: this.source,
      });
    }
    return this.result;
  }

  private fail(code: ChangeSetIssue['code'], path: string, message: string) {
    this.issues.push({ code, path, message });
  }

  /** The version in force on the day before `date`, which an update or abolition closes. */
  private current(code: string, path: string): AdministrativeUnitRow | undefined {
    const { date } = this;
    const latest = this.versions.get(code)?.at(-1);
    if (!latest) {
      this.fail('CHANGE_SET_UNKNOWN_UNIT', path, `no unit has code ${code}`);
      return undefined;
    }
    if (latest.validTo !== null && latest.validTo <= date) {
      this.fail(
        'CHANGE_SET_UNKNOWN_UNIT',
        path,
        `${code} ${latest.fullName} is no longer in force from ${latest.validTo}`,
      );
      return undefined;
    }
    if (latest.validTo !== null || (latest.validFrom !== null && latest.validFrom >= date)) {
      this.fail(
        'CHANGE_SET_DATE_ORDER',
        path,
        `${code} already has history from ${latest.validFrom ?? 'the start'} to ${latest.validTo ?? 'now'}; a change effective ${date} must come after it (apply change sets in date order)`,
      );
      return undefined;
    }
    return latest;
  }

  /** Level and province of a unit in force on `date` once this change set is applied. */
  private unitOnDate(
    code: string,
    seen = new Set<string>(),
  ): { level: UnitLevel; provinceCode: string } | undefined {
    if (this.abolished.has(code) || seen.has(code)) return undefined;
    seen.add(code);
    const establishing = this.established.get(code);
    if (establishing) {
      if (establishing.level === 'PROVINCE') return { level: 'PROVINCE', provinceCode: code };
      const parent = establishing.parentCode
        ? this.unitOnDate(establishing.parentCode, seen)
        : undefined;
      return parent ? { level: establishing.level, provinceCode: parent.provinceCode } : undefined;
    }
    const version = this.versions.get(code)?.find((row) => isInForce(row, this.date));
    return version ? { level: version.level, provinceCode: version.provinceCode } : undefined;
  }

  /** The province of a unit placed under `parentCode`, or undefined (reported) if it cannot be. */
  private checkParent(parentCode: string, level: UnitLevel, path: string) {
    const parent = this.unitOnDate(parentCode);
    if (!parent) {
      this.fail(
        'CHANGE_SET_UNKNOWN_UNIT',
        path,
        `parent ${parentCode} is not in force on ${this.date}`,
      );
      return undefined;
    }
    if (levelRank[parent.level] >= levelRank[level]) {
      this.fail(
        'CHANGE_SET_LEVEL_MISMATCH',
        path,
        `a ${parent.level} cannot be the parent of a ${level}`,
      );
      return undefined;
    }
    return parent.level === 'PROVINCE' ? parentCode : parent.provinceCode;
  }

  private checkExpect(
    version: AdministrativeUnitRow,
    expect: UnitFields | undefined,
    path: string,
  ) {
    for (const [field, expected] of Object.entries(expect ?? {})) {
      const actual = version[field as 'name' | 'type' | 'parentCode'];
      if (expected !== undefined && actual !== expected) {
        this.fail(
          'CHANGE_SET_EXPECTATION_FAILED',
          `${path}.expect.${field}`,
          `${version.code} has ${field} ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`,
        );
      }
    }
  }

  private link(
    predecessorCode: string,
    successorCode: string,
    share: Share,
    resolution: string | null,
    path: string,
  ) {
    const key = `${predecessorCode}>${successorCode}`;
    const earlier = this.links.get(key);
    if (earlier && earlier.share !== share) {
      this.fail(
        'CHANGE_SET_INVALID',
        path,
        `${predecessorCode} -> ${successorCode} is also given as ${earlier.share} at ${earlier.path}`,
      );
      return;
    }
    if (!earlier) this.links.set(key, { share, resolution, path });
  }

  private newVersion(
    fields: Pick<
      NewAdministrativeUnit,
      'code' | 'level' | 'type' | 'name' | 'parentCode' | 'provinceCode'
    >,
    resolution: string | null,
  ): NewAdministrativeUnit {
    const fullName = `${canonicalTypeWord(fields.type)} ${fields.name}`;
    return {
      ...fields,
      fullName,
      searchKey: unitSearchKey(fullName, fields.code),
      validFrom: this.date,
      validTo: null,
      // The version keeps its legal basis: transitions have a column for it, versions do not.
      source: resolution ? `${this.source} (${resolution})` : this.source,
    };
  }

  private planUpdate(operation: UpdateOperation, path: string, resolution: string | null) {
    const version = this.current(operation.code, `${path}.code`);
    if (!version) return;
    this.checkExpect(version, operation.expect, path);
    const type = operation.set.type ?? version.type;
    if (levelOfType[type] !== version.level) {
      this.fail(
        'CHANGE_SET_LEVEL_MISMATCH',
        `${path}.set.type`,
        `${type} is not a type of level ${version.level}`,
      );
      return;
    }
    let provinceCode = version.provinceCode;
    const parentCode = operation.set.parentCode ?? version.parentCode;
    if (operation.set.parentCode !== undefined) {
      if (version.level === 'PROVINCE') {
        this.fail(
          'CHANGE_SET_LEVEL_MISMATCH',
          `${path}.set.parentCode`,
          'a province has no parent',
        );
        return;
      }
      const province = this.checkParent(
        operation.set.parentCode,
        version.level,
        `${path}.set.parentCode`,
      );
      if (!province) return;
      provinceCode = province;
      const stranded = this.children.filter((child) => child.parentCode === operation.code);
      if (provinceCode !== version.provinceCode && stranded.length > 0) {
        this.fail(
          'CHANGE_SET_ORPHANED_UNITS',
          `${path}.set.parentCode`,
          `moving ${operation.code} to another province would leave ${stranded.length} units under it with the old province; move them in their own operations first`,
        );
        return;
      }
    }
    const name = operation.set.name ?? version.name;
    if (name === version.name && type === version.type && parentCode === version.parentCode) {
      this.fail(
        'CHANGE_SET_NO_CHANGE',
        `${path}.set`,
        `${operation.code} already has these values`,
      );
      return;
    }
    this.result.close.push(version.id);
    this.result.open.push(
      this.newVersion(
        { code: version.code, level: version.level, type, name, parentCode, provinceCode },
        resolution,
      ),
    );
  }

  private planEstablish(operation: EstablishOperation, path: string, resolution: string | null) {
    const clash = this.versions.get(operation.code)?.find((row) => isInForceFrom(row, this.date));
    if (clash) {
      this.fail(
        'CHANGE_SET_DUPLICATE_UNIT',
        `${path}.code`,
        `${operation.code} is ${clash.fullName} from ${clash.validFrom ?? 'the start'} to ${clash.validTo ?? 'now'}`,
      );
      return;
    }
    const provinceCode = operation.parentCode
      ? this.checkParent(operation.parentCode, operation.level, `${path}.parentCode`)
      : operation.code;
    if (!provinceCode) return;
    (operation.predecessors ?? []).forEach((predecessor, linkIndex) => {
      const linkPath = `${path}.predecessors[${linkIndex}]`;
      if (!this.versions.get(predecessor.code)?.some((row) => isInForce(row, this.previousDay))) {
        this.fail(
          'CHANGE_SET_UNKNOWN_UNIT',
          `${linkPath}.code`,
          `predecessor ${predecessor.code} is not in force the day before ${this.date}`,
        );
        return;
      }
      this.link(predecessor.code, operation.code, predecessor.share, resolution, linkPath);
    });
    this.result.open.push(
      this.newVersion(
        {
          code: operation.code,
          level: operation.level,
          type: operation.type,
          name: operation.name,
          parentCode: operation.parentCode ?? null,
          provinceCode,
        },
        resolution,
      ),
    );
  }

  private planAbolish(operation: AbolishOperation, path: string, resolution: string | null) {
    const version = this.current(operation.code, `${path}.code`);
    if (!version) return;
    this.checkExpect(version, operation.expect, path);
    const stranded = this.children.filter(
      (child) => child.parentCode === operation.code && !this.movedOrAbolished.has(child.code),
    );
    if (stranded.length > 0) {
      this.fail(
        'CHANGE_SET_ORPHANED_UNITS',
        `${path}.code`,
        `abolishing ${operation.code} leaves ${stranded.length} units under it (${stranded
          .slice(0, 3)
          .map((child) => `${child.code} ${child.fullName}`)
          .join(
            ', ',
          )}${stranded.length > 3 ? ', ...' : ''}); abolish or move them in this change set`,
      );
    }
    operation.successors.forEach((successor, linkIndex) => {
      const linkPath = `${path}.successors[${linkIndex}]`;
      if (successor.code === operation.code || !this.unitOnDate(successor.code)) {
        this.fail(
          'CHANGE_SET_UNKNOWN_UNIT',
          `${linkPath}.code`,
          `successor ${successor.code} is not in force on ${this.date}`,
        );
        return;
      }
      this.link(operation.code, successor.code, successor.share, resolution, linkPath);
    });
    this.result.close.push(version.id);
  }
}
