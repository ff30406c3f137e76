import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * For a test file: a function that makes a fresh folder under the system's temporary folder,
 * named from `prefix`, each call a new one; every folder made is removed after each test.
 */
export function temporaryFolders(prefix: string): () => string {
  const folders: string[] = [];
  afterEach(() => {
    for (const path of folders.splice(0)) rmSync(path, { recursive: true, force: true });
  });
  return () => {
    const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
    folders.push(path);
    return path;
  };
}
