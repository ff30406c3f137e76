import { inputError } from '@home-affairs/graphql';
import { forbiddenError, type Identity, requireProvince } from '@home-affairs/identity';
/** Who writes, and the day it is in Vietnam. */
export interface Writer {
  identity: Identity;
  today: string;
}

/** Trims a text input and refuses it empty or longer than `maximum`. */
export function checkText(value: string, field: string, maximum = 300): string {
  const text = value.trim();
  if (text === '' || text.length > maximum) {
    throw inputError(`${field.split('.').at(-1)} must have 1 to ${maximum} characters.`, { field });
  }
  return text;
}

/** Refuses a day after the writer's today (RULE_VIOLATION). */
export function checkNotFuture(day: string, writer: Writer, field: string) {
  if (day > writer.today) {
    throw inputError(`${field.split('.').at(-1)} must not be in the future.`, {
      field,
      code: 'RULE_VIOLATION',
    });
  }
}

/** Refuses an amount of đồng that is not a whole, non-negative number. */
export function checkAmount(value: number, field: string) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw inputError(`${field.split('.').at(-1)} must be a whole, non-negative number of đồng.`, {
      field,
    });
  }
}

/**
 * Refuses a province-restricted writer an organisation it may not write, or refer to from a
 * write when `field` names the input field that refers to it (FORBIDDEN): one of another
 * province (by its seat today), or one the ministry licenses, which only the ministry writes.
 */
export function checkWriterMayTouch(
  writer: Writer,
  record: { licensingLevel: string; seatCurrentProvinceCode: string },
  field?: string,
) {
  if (writer.identity.province !== undefined && record.licensingLevel === 'MINISTRY') {
    throw forbiddenError(
      field
        ? `Organisations licensed by the ministry are written by the ministry (${field}).`
        : 'Organisations licensed by the ministry are written by the ministry.',
      { field },
    );
  }
  requireProvince(
    writer.identity,
    record.seatCurrentProvinceCode,
    field ? { access: 'refer', field } : {},
  );
}

/**
 * Refuses a write of `record` that the writer may not make (checkWriterMayTouch, with `field` for
 * a record the input refers to by that field), or whose input `provinceCode` is not the province
 * of its seat today (checkInputProvince).
 */
export function checkMayWrite(
  writer: Writer,
  record: { licensingLevel: string; seatCurrentProvinceCode: string },
  provinceCode: string,
  field?: string,
) {
  checkWriterMayTouch(writer, record, field);
  checkInputProvince(record, provinceCode);
}

/** Refuses an input `provinceCode` that is not the province of the organisation's seat today. */
function checkInputProvince(record: { seatCurrentProvinceCode: string }, provinceCode: string) {
  if (provinceCode !== record.seatCurrentProvinceCode) {
    throw inputError('provinceCode is not the province of the organisation’s seat today.', {
      field: 'input.provinceCode',
      code: 'RULE_VIOLATION',
    });
  }
}
