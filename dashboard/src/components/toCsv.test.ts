import { describe, expect, it } from 'vitest';
import { toCsv } from './toCsv.ts';

describe('toCsv', () => {
  it('quotes what needs quoting, keeps Vietnamese text and starts with a byte-order mark', () => {
    const csv = toCsv(
      ['Mã', 'Tên', 'Tỷ lệ'],
      [
        ['16681', 'Phường Vinh, "trung tâm"', 0.888],
        ['16682', 'Xã Nghi Lộc\nmới', null],
      ],
    );
    expect(csv).toBe(
      '\uFEFFMã,Tên,Tỷ lệ\r\n16681,"Phường Vinh, ""trung tâm""",0.888\r\n16682,"Xã Nghi Lộc\nmới",\r\n',
    );
  });
});
