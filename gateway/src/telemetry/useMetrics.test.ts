import { describe, expect, it } from 'vitest';
import { limitOfCode } from './useMetrics.ts';

describe('limitOfCode', () => {
  it('names the limit of every limit refusal, including ones added later, and nothing else', () => {
    expect(limitOfCode('DEPTH_LIMIT_EXCEEDED')).toBe('depth');
    expect(limitOfCode('ROOT_FIELD_LIMIT_EXCEEDED')).toBe('root_field');
    expect(limitOfCode('COST_LIMIT_EXCEEDED')).toBe('cost');
    expect(limitOfCode('TOKEN_LIMIT_EXCEEDED')).toBe('token');
    expect(limitOfCode('INPUT_SIZE_LIMIT_EXCEEDED')).toBe('input_size');
    expect(limitOfCode('RATE_LIMITED')).toBe('rate');
    expect(limitOfCode('TRUSTED_DOCUMENT_REQUIRED')).toBe('trusted_document');
    for (const code of ['BAD_USER_INPUT', 'FORBIDDEN', 'SUBGRAPH_UNAVAILABLE', 'LIMIT_EXCEEDED']) {
      expect(limitOfCode(code), code).toBeUndefined();
    }
  });
});
