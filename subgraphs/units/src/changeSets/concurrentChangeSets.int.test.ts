import { describeConcurrent } from '@home-affairs/testing';
import { expect, it } from 'vitest';
import { changeSetText, useChangeSetDatabase } from '../../test/changeSetDatabase.ts';
import { applyChangeSet } from './applyChangeSet.ts';
import { ChangeSetError } from './ChangeSetError.ts';

const { database, history } = useChangeSetDatabase();

describeConcurrent('change sets applied by concurrent replicas on Postgres', () => {
  const appliers = 10;
  const rename = (day: string, name: string) =>
    changeSetText({
      id: `${day}-concurrent`,
      effectiveDate: day,
      operations: [{ op: 'update', code: '26326', set: { name } }],
    });

  it(`applies one change set once when ${appliers} replicas apply it at once`, async () => {
    const text = rename('2027-01-01', 'Dầu Giây Một');
    const results = await Promise.all(
      Array.from({ length: appliers }, () => applyChangeSet(database().db, text)),
    );
    expect(results.filter((result) => result.status === 'applied')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'already-applied')).toHaveLength(
      appliers - 1,
    );
  });

  it('keeps one version in force at a time when change sets of one unit race', async () => {
    const before = (await history('26326')).length;
    const outcomes = await Promise.allSettled(
      Array.from({ length: appliers }, (_, index) =>
        applyChangeSet(
          database().db,
          rename(`2027-02-${String(index + 1).padStart(2, '0')}`, `Dầu Giây ${index}`),
        ),
      ),
    );
    // A change set dated before one already applied is refused with its code, never half-applied.
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ChangeSetError);
    }
    const versions = await history('26326');
    versions.forEach((version, index) => {
      const next = versions[index + 1];
      expect(version.validTo).toBe(next ? next.validFrom : null);
    });
    expect(versions).toHaveLength(
      before + outcomes.filter((outcome) => outcome.status === 'fulfilled').length,
    );
  });
});
