import { describe, expect, it } from 'vitest';
import { sameAnswerText } from './queries.ts';

/** `text` as autocannon hands it over when its bytes arrive in the chunks cut at `cuts`. */
function decodedInChunks(text: string, cuts: number[]): string {
  const bytes = Buffer.from(text);
  let decoded = '';
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    decoded += bytes.subarray(from, cut).toString();
    from = cut;
  }
  return decoded;
}

describe('sameAnswerText', () => {
  const answer = '{"data":{"units":[{"name":"Xã Đông Hiếu"},{"name":"Phường 𝔸"}]}}';
  const within = (character: string, offset: number) =>
    Buffer.byteLength(answer.slice(0, answer.indexOf(character))) + offset;

  it('takes an answer whose characters were cut between chunks', () => {
    for (const cut of [
      within('Đ', 1),
      within('ế', 1),
      within('ế', 2),
      within('𝔸', 1),
      within('𝔸', 3),
    ]) {
      const received = decodedInChunks(answer, [7, cut]);
      expect(received).not.toBe(answer);
      expect(sameAnswerText(answer, received)).toBe(true);
    }
  });

  it('refuses another answer, cut or not', () => {
    const other = answer.replace('Hiếu', 'Hiêu');
    expect(sameAnswerText(answer, other)).toBe(false);
    expect(sameAnswerText(answer, decodedInChunks(other, [within('Đ', 1)]))).toBe(false);
    expect(sameAnswerText(answer, answer.slice(0, -1))).toBe(false);
    expect(sameAnswerText(answer, `${answer} `)).toBe(false);
    // Replacement characters where the answer has ASCII are not a cut character.
    expect(sameAnswerText(answer, answer.replace('units', 'u\uFFFD\uFFFDts'))).toBe(false);
  });
});
