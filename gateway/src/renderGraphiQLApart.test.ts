import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { renderGraphiQLApart } from './renderGraphiQLApart.ts';

const folder = mkdtempSync(join(tmpdir(), 'graphiql-page-'));
const settings = { endpoint: '/graphql', title: 'Cache test', defaultQuery: '{ __typename }' };

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('renderGraphiQLApart', () => {
  it('keeps the page it rendered and gives the same page from the cache at the next start', async () => {
    const rendered = await renderGraphiQLApart(settings, 1, folder);
    expect(gunzipSync(rendered.gzip).toString()).toContain('<title>Cache test</title>');
    const [file] = readdirSync(folder);
    expect(file).toMatch(/\.bin$/);
    // The cached file is what the next call reads: changed in place, the change shows.
    const kept = readFileSync(join(folder, file!));
    const marked = Buffer.from(kept);
    marked.writeUInt8(marked.readUInt8(marked.length - 1) ^ 0xff, marked.length - 1);
    writeFileSync(join(folder, file!), marked);
    const cached = await renderGraphiQLApart(settings, 1, folder);
    expect(cached.hash).toBe(rendered.hash);
    expect(cached.gzip.equals(rendered.gzip)).toBe(true);
    expect(cached.brotli.at(-1)).toBe((rendered.brotli.at(-1) ?? 0) ^ 0xff);
  });

  it('renders again, and keeps the new page, when the cached file is cut short', async () => {
    const [file] = readdirSync(folder);
    const whole = readFileSync(join(folder, file!));
    writeFileSync(join(folder, file!), whole.subarray(0, 100));
    const page = await renderGraphiQLApart(settings, 1, folder);
    expect(page.length).toBeGreaterThan(1_000_000);
    expect(readFileSync(join(folder, file!)).length).toBeGreaterThan(100);
  });

  it('renders each set of settings apart', async () => {
    const other = await renderGraphiQLApart({ ...settings, title: 'Other title' }, 1, folder);
    expect(gunzipSync(other.gzip).toString()).toContain('<title>Other title</title>');
    expect(readdirSync(folder).filter((name) => name.endsWith('.bin'))).toHaveLength(2);
  });
});
