/**
 * Reads a V8 heap snapshot (`.heapsnapshot`, the format node's `--heapsnapshot-signal` writes) and
 * names what holds the most: the totals by kind of object, then the largest single objects (their
 * own size, not what they retain), each with the start of its name or text. Enough to tell a
 * module's source text from a rendered page or a schema's many small objects; for retainers, open
 * the file in Chrome's DevTools (Memory tab).
 */
import { readFileSync } from 'node:fs';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export function largestObjects(path: string, count: number): string[] {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const { nodes, strings } = snapshot;
  const byKind = new Map<string, number>();
  const largest: { size: number; text: string }[] = [];
  let total = 0;
  for (let offset = 0; offset < nodes.length; offset += width) {
    const type = types[nodes[offset + typeAt] ?? 0] ?? 'unknown';
    const size = nodes[offset + sizeAt] ?? 0;
    const name = strings[nodes[offset + nameAt] ?? 0] ?? '';
    total += size;
    const kind = type.endsWith('string') ? 'strings' : type === 'native' ? name : type;
    byKind.set(kind, (byKind.get(kind) ?? 0) + size);
    if (size >= 256 * 1024) {
      const preview = name.slice(0, 70).replace(/\s+/g, ' ');
      largest.push({ size, text: `${type} ${JSON.stringify(preview)}` });
    }
  }
  const kinds = [...byKind]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([kind, size]) => `${kind} ${megabytes(size)}`)
    .join(', ');
  return [
    `${megabytes(total)} MB in the snapshot; by kind: ${kinds}`,
    ...largest
      .sort((a, b) => b.size - a.size)
      .slice(0, count)
      .map(({ size, text }) => `${megabytes(size).padStart(6)} MB ${text}`),
  ];
}
