import { describe, expect, it } from 'vitest';
import { copyText } from './copyRows.ts';

const decoder = new TextDecoder();
const text = (rows: Parameters<typeof copyText>[0], rowsPerChunk?: number) =>
  [...copyText(rows, rowsPerChunk)].map((bytes) => decoder.decode(bytes));

describe('copyText', () => {
  it.each([
    {
      name: "writes every kind of value in COPY's text format",
      values: [
        0,
        -0,
        7,
        -42,
        Number.MAX_SAFE_INTEGER,
        -Number.MAX_SAFE_INTEGER,
        2 ** 60,
        0.25,
        -1.5e-7,
        Number.NaN,
        12345678901234567890n,
        true,
        false,
        null,
        '',
        'HT',
        '1.000123',
      ],
      line:
        '0\t0\t7\t-42\t9007199254740991\t-9007199254740991\t1152921504606847000\t0.25\t' +
        '-1.5e-7\tNaN\t12345678901234567890\tt\tf\t\\N\t\tHT\t1.000123\n',
    },
    {
      name: 'escapes backslash, tab, new line and return, and encodes any other text as UTF-8',
      values: [
        'back\\slash',
        'tab\there',
        'new\nline',
        'return\r',
        'Hồ sơ cần xác minh',
        'bell\u0007 and delete\u007f',
        'emoji 👍',
        '\\\t\n\r',
      ],
      line:
        'back\\\\slash\ttab\\there\tnew\\nline\treturn\\r\tHồ sơ cần xác minh\t' +
        'bell\u0007 and delete\u007f\temoji 👍\t\\\\\\t\\n\\r\n',
    },
  ])('$name', ({ values, line }) => {
    expect(text([values])).toEqual([line]);
  });

  it('cuts chunks at whole lines, each a buffer of its own', () => {
    const rows = Array.from({ length: 5 }, (_, index) => [index, `row ${index}`]);
    const chunks = [...copyText(rows, 2)];
    expect(chunks.map((bytes) => decoder.decode(bytes))).toEqual([
      '0\trow 0\n1\trow 1\n',
      '2\trow 2\n3\trow 3\n',
      '4\trow 4\n',
    ]);
    expect(new Set(chunks.map((bytes) => bytes.buffer)).size).toBe(3);
    expect(text([])).toEqual([]);
  });

  it('grows past its first buffer for long text', () => {
    const long = 'ă'.repeat(1_500_000);
    expect(text([[long, 1]])).toEqual([`${long}\t1\n`]);
  });
});
