/** What replaces a value that may be personal. */
const redacted = '[redacted]';

// Official unit codes (2, 3 or 5 digits) are public identifiers and make the log useful; a
// 9- or 12-digit citizen identity number is not, so the bound stops at 5 digits.
const publicCode = /^[0-9]{1,5}$/;
// Enum values and ISO dates carry no personal data.
const enumValue = /^[A-Z][A-Z0-9_]*$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Copies operation variables for the audit log with every value that could be personal replaced:
 * booleans, numbers, nulls, enum-like strings, dates and official unit codes are kept, every
 * other string (names, identity numbers, free text) becomes `[redacted]`. Keys are kept, so the
 * log shows what was asked without what was said.
 */
export function redactVariables(value: unknown, depth = 0): unknown {
  if (depth > 20) return redacted;
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') {
    return publicCode.test(value) || enumValue.test(value) || isoDate.test(value)
      ? value
      : redacted;
  }
  if (Array.isArray(value)) return value.map((item) => redactVariables(item, depth + 1));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactVariables(item, depth + 1)]),
    );
  }
  return redacted;
}
