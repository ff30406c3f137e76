import { describe, expect, it } from 'vitest';
import { BytesBlob } from './copyRows.ts';

const text = 'ha\tnội\n';
const bytes = new TextEncoder().encode(text);

describe('BytesBlob', () => {
  it('gives its own bytes to arrayBuffer() as they are, and a copy of a piece of a buffer', async () => {
    expect(await new BytesBlob(bytes).arrayBuffer()).toBe(bytes.buffer);
    const pooled = Buffer.from('ab');
    const buffer = await new BytesBlob(pooled).arrayBuffer();
    expect(new TextDecoder().decode(buffer)).toBe('ab');
  });

  it('reads as a Blob of the same bytes every other way', async () => {
    const blob = new BytesBlob(bytes);
    expect(blob.size).toBe(bytes.byteLength);
    expect(await blob.text()).toBe(text);
    expect(await blob.slice(0, 2).text()).toBe('ha');
    const streamed = await new Response(blob.stream()).text();
    expect(streamed).toBe(text);
    if ('bytes' in Blob.prototype) expect(await blob.bytes()).toEqual(bytes);
  });
});
