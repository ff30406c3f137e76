import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { boundedDocumentStore } from './boundedStores.ts';

describe('boundedDocumentStore', () => {
  it('keeps documents up to its size in JSON, least recently used out first', async () => {
    const document = (index: number) => parse(`{ units(code: "${index}") { code name } }`);
    const size = Buffer.byteLength(JSON.stringify(document(10)));
    // Room for exactly ten documents of this size (codes 10 to 29 have the same length).
    const store = boundedDocumentStore((size * 10) / 2 ** 20);
    for (let index = 10; index < 30; index += 1) await store.set(`k${index}`, document(index));
    expect(await store.get('k10')).toBeUndefined();
    expect(await store.get('k29')).toEqual(document(29));
    let kept = 0;
    for (let index = 10; index < 30; index += 1) if (await store.get(`k${index}`)) kept += 1;
    expect(kept).toBe(10);
    await store.delete('k29');
    expect(await store.get('k29')).toBeUndefined();
  });
});
