/**
 * `pnpm codegen`: turns the dashboard's operations (`graphql()` calls beside the components that
 * use them) into typed documents (graphql-codegen's client preset, in `src/graphql/`) and the
 * manifest of its trusted documents (`persisted-documents.json`, an Apollo persisted query
 * manifest that the gateway loads as the dashboard's). `--check` generates in memory and exits 1,
 * listing the stale files, when what is checked in differs (`pnpm check` runs it).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { generate } from '@graphql-codegen/cli';
import { apiSchemaOf } from '@home-affairs/gateway/src/apiSchemaOf.ts';
import { type OperationDefinitionNode, parse, printSchema } from 'graphql';

const dashboardRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(dashboardRoot, '..');
const outputFolder = join(dashboardRoot, 'src/graphql');
/** Where the dashboard's trusted documents are; the gateway and `pnpm schema:check` read it. */
export const manifestPath = join(dashboardRoot, 'persisted-documents.json');

/** The generated files (path → content) for the operations in the sources now. */
export async function generateClient(): Promise<Map<string, string>> {
  const supergraph = readFileSync(join(repoRoot, 'gateway/supergraph.graphql'), 'utf8');
  const config: CodegenConfig = {
    cwd: dashboardRoot,
    // The API schema as the gateway serves it, from the checked-in supergraph: offline.
    schema: printSchema(apiSchemaOf(supergraph)),
    documents: ['src/**/*.tsx', '!src/graphql/**'],
    silent: true,
    errorsOnly: true,
    ignoreNoDocuments: false,
    generates: {
      'src/graphql/': {
        preset: 'client',
        presetConfig: {
          // Components read only the fields they select; the dashboard's fragments are few.
          fragmentMasking: false,
          persistedDocuments: {
            mode: 'embedHashInDocument',
            // The bare hex SHA-256 of the text, as Apollo's persisted queries and our gateway use.
            hashAlgorithm: (text: string) => createHash('sha256').update(text).digest('hex'),
          },
        },
        config: {
          scalars: { Date: 'string' },
          enumsAsTypes: true,
          useTypeImports: true,
          skipTypename: true,
          avoidOptionals: false,
        },
      },
    },
  };
  const outputs = await generate(config, false);
  const files = new Map<string, string>();
  for (const output of outputs) {
    const path = join(dashboardRoot, output.filename);
    if (path.endsWith('persisted-documents.json')) {
      files.set(manifestPath, apolloManifest(JSON.parse(output.content) as Record<string, string>));
    } else {
      files.set(
        path,
        `/* eslint-disable */\n${output.content.replace(/^\/\* eslint-disable \*\/\n/, '')}`,
      );
    }
  }
  return files;
}

/**
 * The client preset writes `{ hash: body }`; the gateway reads Apollo's manifest format, which
 * also names each operation (for logs, audit and reviews).
 */
function apolloManifest(documents: Record<string, string>): string {
  const operations = Object.entries(documents)
    .map(([id, body]) => {
      const operation = parse(body).definitions.find(
        (definition): definition is OperationDefinitionNode =>
          definition.kind === 'OperationDefinition',
      );
      return {
        id,
        name: operation?.name?.value ?? id,
        type: operation?.operation ?? 'query',
        body,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return `${JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2)}\n`;
}

/** Files now in the output folder, and the manifest. */
function checkedIn(): Map<string, string> {
  const files = new Map<string, string>();
  if (existsSync(outputFolder)) {
    for (const name of readdirSync(outputFolder)) {
      files.set(join(outputFolder, name), readFileSync(join(outputFolder, name), 'utf8'));
    }
  }
  if (existsSync(manifestPath)) files.set(manifestPath, readFileSync(manifestPath, 'utf8'));
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const generated = await generateClient();
  const current = checkedIn();
  const stale = [
    ...[...generated].filter(([path, content]) => current.get(path) !== content).map(([p]) => p),
    ...[...current.keys()].filter((path) => !generated.has(path)),
  ].map((path) => relative(repoRoot, path));
  if (check) {
    if (stale.length > 0) {
      console.error(`✗ stale client code: ${stale.join(', ')}; run \`pnpm codegen\` and commit.`);
      process.exit(1);
    }
    console.log(`✓ dashboard typed documents and trusted-document manifest are up to date.`);
  } else {
    for (const path of current.keys()) if (!generated.has(path)) rmSync(path);
    for (const [path, content] of generated) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
    console.log(stale.length > 0 ? `wrote ${stale.join(', ')}` : 'client code already up to date');
  }
}
