import { unitType } from '../db/schema.ts';
import type { UnitType } from '../units/queries.ts';
import type { ChangeSetIssue } from './ChangeSetError.ts';
import type { LinkedUnit, UnitFields } from './parseChangeSet.ts';

const codePattern = /^\d{2}$|^\d{3}$|^\d{5}$/u;

/** Checks the shape of the values of a change set file, collecting every problem as an issue. */
export class Checker {
  readonly issues: ChangeSetIssue[] = [];

  fail(path: string, message: string, code: ChangeSetIssue['code'] = 'CHANGE_SET_INVALID') {
    this.issues.push({ code, path, message });
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    this.fail(path, 'must be an object');
    return undefined;
  }

  onlyKeys(value: Record<string, unknown>, path: string, allowed: string[]) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.fail(`${path}.${key}`, `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }

  text(value: unknown, path: string, required: boolean): string | undefined {
    if (value === undefined && !required) return undefined;
    if (typeof value === 'string' && value.trim() !== '' && value === value.trim()) {
      return value.normalize('NFC');
    }
    this.fail(path, 'must be a non-empty string without leading or trailing spaces');
    return undefined;
  }

  code(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && codePattern.test(value)) return value;
    this.fail(path, 'must be an official code of 2, 3 or 5 digits, as a string');
    return undefined;
  }

  type(value: unknown, path: string): UnitType | undefined {
    if (typeof value === 'string' && (unitType.enumValues as readonly string[]).includes(value)) {
      return value as UnitType;
    }
    this.fail(path, `must be one of ${unitType.enumValues.join(', ')}`);
    return undefined;
  }

  fields(value: unknown, path: string): UnitFields | undefined {
    const object = this.object(value, path);
    if (!object) return undefined;
    this.onlyKeys(object, path, ['name', 'type', 'parentCode']);
    const fields: UnitFields = {};
    if (object.name !== undefined) fields.name = this.text(object.name, `${path}.name`, true);
    if (object.type !== undefined) fields.type = this.type(object.type, `${path}.type`);
    if (object.parentCode !== undefined) {
      fields.parentCode = this.code(object.parentCode, `${path}.parentCode`);
    }
    return fields;
  }

  links(value: unknown, path: string, required: boolean): LinkedUnit[] | undefined {
    if (value === undefined && !required) return undefined;
    if (!Array.isArray(value)) {
      this.fail(path, 'must be an array of { code, share }');
      return undefined;
    }
    return value.flatMap((item, index) => {
      const object = this.object(item, `${path}[${index}]`);
      if (!object) return [];
      this.onlyKeys(object, `${path}[${index}]`, ['code', 'share']);
      const code = this.code(object.code, `${path}[${index}].code`);
      if (object.share !== 'WHOLE' && object.share !== 'PART') {
        this.fail(`${path}[${index}].share`, 'must be WHOLE or PART');
        return [];
      }
      return code ? [{ code, share: object.share }] : [];
    });
  }
}
