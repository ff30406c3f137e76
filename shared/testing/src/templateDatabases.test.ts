import { describe, expect, it } from 'vitest';
import { newTemplateRun, templateRunPid } from './templateDatabases.ts';

describe('template run ids', () => {
  it('name the process that made them, whose base-36 id may itself hold an x', () => {
    for (const pid of [1, 33, 10473, 43_000, 4_194_304]) {
      expect(templateRunPid(newTemplateRun(pid))).toBe(pid);
    }
    expect((10473).toString(36)).toBe('82x');
  });
});
