/**
 * `pnpm compose`: composes the supergraph from every subgraph's SDL and writes
 * gateway/supergraph.graphql. `pnpm compose --check` composes in memory and fails when the
 * checked-in file differs. Exits 1 on composition errors, on a field that breaks fault isolation
 * between subgraphs (`findUnisolatedFields`, docs/style.md) or on a stale file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeSupergraph } from './composeSupergraph.ts';
import { describeDifference } from './describeDifference.ts';
import { findUnisolatedFields } from './findUnisolatedFields.ts';
import { subgraphs } from './subgraphs.ts';

const supergraphPath = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));
const shownPath = relative(process.cwd(), supergraphPath);
const check = process.argv.includes('--check');

const composition = composeSupergraph(subgraphs);
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

if (check) {
  let current: string | undefined;
  try {
    current = readFileSync(supergraphPath, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === composition.supergraphSdl) {
    console.log(`${shownPath} is up to date with ${names}.`);
  } else {
    console.error(
      current === undefined
        ? `${shownPath} is missing.`
        : `${shownPath} is stale: composing ${names} gives a different supergraph (- checked in, + composed):\n${describeDifference(current, composition.supergraphSdl)}`,
    );
    console.error('Run `pnpm compose` and commit the result.');
    process.exit(1);
  }
} else {
  writeFileSync(supergraphPath, composition.supergraphSdl);
  console.log(`Composed ${names} into ${shownPath}.`);
}
