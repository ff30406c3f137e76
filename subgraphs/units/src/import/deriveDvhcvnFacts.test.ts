import { describe, expect, it } from 'vitest';
import { deriveDvhcvnFacts } from './deriveDvhcvnFacts.ts';
import { readPre2025Update } from './pre2025Update.ts';
import { readSources } from './readSources.ts';

describe('the shipped facts of dvhcvn', () => {
  it('are what pnpm units:derive-dvhcvn derives from the installed packages', async () => {
    const sources = await readSources({ pre2025Update: false });
    expect(readPre2025Update()).toEqual(deriveDvhcvnFacts(sources));
  });

  it('hold facts only: codes, parents and names of the units that differ', () => {
    const facts = readPre2025Update();
    expect(facts.package).toEqual({ name: 'dvhcvn', version: '1.2.20250301', license: 'GPL-3.0' });
    const units = Object.values(facts.changed).flat();
    expect(units.length).toBeLessThan(100);
    for (const unit of units)
      expect(Object.keys(unit).sort()).toEqual(expect.arrayContaining(['code', 'name']));
    expect(facts.changed.provinces).toEqual([{ code: '46', name: 'Thành phố Huế' }]);
  });
});
