import { describe, expect, it } from 'vitest';
import { describeDifference } from './describeDifference.ts';

describe('describeDifference', () => {
  it('shows only the changed lines of one edited region', () => {
    const actual = 'type Query {\n  a: Int\n  b: Int\n}\n';
    const expected = 'type Query {\n  a: Int\n  c: String\n}\n';
    expect(describeDifference(actual, expected)).toBe(
      '@@ line 3: -1 +1 @@\n-   b: Int\n+   c: String',
    );
  });

  it('shows added lines when the expected text is longer', () => {
    expect(describeDifference('a\nc', 'a\nb\nc')).toBe('@@ line 2: -0 +1 @@\n+ b');
  });

  it('caps long differences', () => {
    const text = describeDifference('', Array.from({ length: 10 }, (_, i) => `${i}`).join('\n'), 3);
    expect(text.split('\n')).toHaveLength(5);
    expect(text).toContain('... 8 more line(s)');
  });
});
