import { describe, expect, it, vi } from 'vitest';
import { answerOfText, answerText } from './answerText.ts';

/** What Apollo Server writes by default (its `prettyJSONStringify` of the ordered fields). */
const apolloText = (result: object) => {
  const { errors, data, extensions } = result as Record<string, unknown>;
  return `${JSON.stringify({ errors, data, extensions })}\n`;
};

describe('answerText', () => {
  const data = { units: { totalCount: 2, nodes: [{ name: 'Xã Đông Hiếu' }, { name: 'Nghệ An' }] } };

  it.each([
    { data },
    { data: null, errors: [{ message: 'refused', extensions: { code: 'FORBIDDEN' } }] },
    { data, errors: [{ message: 'partial', path: ['units'] }] },
    { data, extensions: { cost: 3 } },
    {},
  ])('writes what Apollo Server writes: %j', (result) => {
    expect(answerText(result)).toBe(apolloText(result));
  });

  it('writes the data shared by several answers once, and writes other data anew', () => {
    const data = { units: { totalCount: 1, nodes: [{ name: 'Nghệ An' }] } };
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const first = answerText({ data });
      // Joiners of the same execution, or cache hits: copies of the top level, the same data.
      expect(answerText({ ...{ data } })).toBe(first);
      expect(answerText({ ...{ data } })).toBe(first);
      expect(stringify).toHaveBeenCalledTimes(1);
      const copy = structuredClone(data);
      copy.units.totalCount = 3;
      expect(answerText({ data: copy })).toBe(apolloText({ data: copy }));
      expect(stringify).toHaveBeenCalledTimes(3);
    } finally {
      stringify.mockRestore();
    }
  });

  it('writes an answer with errors or extensions each time, as it is then', () => {
    const withErrors = { data, errors: [{ message: 'one' }] };
    expect(answerText(withErrors)).toContain('"one"');
    withErrors.errors = [{ message: 'two' }];
    expect(answerText(withErrors)).toContain('"two"');
    expect(answerText({ data, extensions: { traceId: 'a' } })).toContain('"traceId":"a"');
  });
});

describe('answerOfText', () => {
  const data = { units: { totalCount: 2, nodes: [{ code: '40', name: 'Nghệ An' }] } };
  const text = answerText({ data: structuredClone(data) });

  it('is written as the text it was made of, without reading it', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const answer = answerOfText(text);
      expect(answer.data).not.toBeNull();
      expect(answerText({ ...answer })).toBe(text);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it("reads as the answer's data, and cannot be changed", () => {
    const answer = answerOfText(text);
    expect(answer.data).toEqual(data);
    expect(Object.keys(answer.data ?? {})).toEqual(['units']);
    expect('units' in (answer.data ?? {})).toBe(true);
    expect(JSON.parse(JSON.stringify(answer.data))).toEqual(data);
    expect(() => {
      (answer.data as Record<string, unknown>).units = null;
    }).toThrow(TypeError);
  });
});
