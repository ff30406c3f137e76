/**
 * `pnpm compose`: composes the supergraph and the contracts from every subgraph's SDL, writes
 * gateway/supergraph.graphql and gateway/contracts/, and records the supergraph's changes in
 * gateway/schema-changelog.md. `pnpm compose --check` composes in memory and fails when a
 * checked-in file differs or the changelog does not end at the composed supergraph. Exits 1 on
 * composition errors, on a field that breaks fault isolation between subgraphs
 * (`findUnisolatedFields`, docs/style.md) or on a stale file.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { changelogPath, composeArtifacts, supergraphPath } from './composeArtifacts.ts';
import { describeDifference } from './describeDifference.ts';
import { findUnisolatedFields } from './findUnisolatedFields.ts';
import {
  changelogIsFresh,
  nextChangelog,
  repositoryChangelogSources,
} from './schemaCheck/schemaChangelog.ts';
import { subgraphs } from './subgraphs.ts';

const check = process.argv.includes('--check');
const shown = (path: string) => relative(process.cwd(), path);

const composition = composeArtifacts(subgraphs);
const names = subgraphs.map((subgraph) => subgraph.name).join(', ');
if (!composition.ok) {
  console.error(`Composition of ${names} failed with ${composition.errors.length} error(s):`);
  for (const error of composition.errors) console.error(`  ✗ ${error}`);
  process.exit(1);
}
for (const hint of composition.hints) console.warn(`  hint ${hint}`);
// The repository's own composition rule (docs/style.md): one subgraph's outage nulls only its
// own fields. Checked on the composed supergraph, where join__type/join__field say who resolves what.
const unisolated = findUnisolatedFields(composition.supergraphSdl);
if (unisolated.length > 0) {
  console.error(`Composition of ${names} breaks fault isolation in ${unisolated.length} place(s):`);
  for (const field of unisolated) console.error(`  ✗ ${field.message}`);
  process.exit(1);
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

const changelog = read(changelogPath);
if (check) {
  const stale = composition.files.filter((file) => read(file.path) !== file.content);
  const changelogStale = !changelogIsFresh(changelog, composition.supergraphSdl);
  if (changelogStale) {
    console.error(
      `${shown(changelogPath)} ${changelog === undefined ? 'is missing' : 'does not record the composed supergraph (its head line names another)'}.`,
    );
  }
  for (const file of stale) {
    const current = read(file.path);
    console.error(
      current === undefined
        ? `${shown(file.path)} is missing.`
        : `${shown(file.path)} is stale: composing ${names} gives a different file (- checked in, + composed):\n${describeDifference(current, file.content)}`,
    );
  }
  if (stale.length > 0 || changelogStale) {
    console.error('Run `pnpm compose` and commit the result.');
    process.exit(1);
  }
  console.log(
    `${[...composition.files.map((file) => file.path), changelogPath].map(shown).join(', ')} are up to date with ${names}.`,
  );
} else {
  // Before the supergraph is overwritten: the changelog's last entry may be the file on disk.
  const update = await nextChangelog(
    changelog,
    composition.supergraphSdl,
    repositoryChangelogSources(supergraphPath, read(supergraphPath)),
  );
  if (!update.ok) {
    console.error(`${shown(changelogPath)} cannot be brought up to date: ${update.error}.`);
    process.exit(1);
  }
  composition.files.push({ path: changelogPath, content: update.text });
  for (const file of composition.files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
  }
  console.log(
    `Composed ${names} into ${composition.files.map((file) => shown(file.path)).join(', ')}.`,
  );
}
