/**
 * `pnpm check:sizes`: fails when a source file grows over 400 lines or a function over 100 lines
 * (docs/style.md, "Sizes"). Files are the tracked `.ts`/`.tsx` files; a function is any function
 * declaration, expression, arrow function, method or accessor, measured from its first line to its
 * last, blank lines and comment-only lines not counted; a nested function counts in its parent
 * too. Data tables and generated files are exempt (`exempt`); the files that were over a limit
 * when the check came in are listed in scripts/sizeBaseline.json with what they had then, so they
 * may shrink but not grow, and the check fails on every new one. `--list` prints every oversize
 * file and function.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The most lines a source file may have. */
const maxFileLines = 400;
/** The most lines (not blank, not comment-only) a function may have. */
const maxFunctionLines = 100;

/** Data tables and generated or vendored text, which no limit applies to. */
const exempt = [
  /(^|\/)drizzle\//u,
  /^dashboard\/src\/graphql\//u,
  /^gateway\/src\/badInputs\/badInputCases\.ts$/u,
];

/**
 * Files over a limit when this check came in (scripts/sizeBaseline.json), each to be split by the
 * work that owns it: the lines of the file (null when under 400) and its number of oversize
 * functions. They may shrink, not grow; `--write-baseline` rewrites the list from the tree, to
 * take a file off it once split (never to let a new one in).
 */
const baselineUrl = new URL('./sizeBaseline.json', import.meta.url);
const known: Record<string, { lines: number | null; functions: number }> = JSON.parse(
  readFileSync(baselineUrl, 'utf8'),
);

interface Oversize {
  file: string;
  line: number;
  name: string;
  lines: number;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Lines of `text` from `start` to `end` (offsets) that hold code: not blank, not only a comment. */
function codeLines(source: ts.SourceFile, start: number, end: number): number {
  const first = source.getLineAndCharacterOfPosition(start).line;
  const last = source.getLineAndCharacterOfPosition(end).line;
  const lines = source.text.split('\n').slice(first, last + 1);
  return lines.filter((line) => {
    const text = line.trim();
    return text !== '' && !text.startsWith('//') && !text.startsWith('*') && !text.startsWith('/*');
  }).length;
}

/** A readable name for a function node: its own, its variable's or property's, or its call's. */
function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
    return node.name.getText();
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return parent.name.getText();
  }
  if (ts.isCallExpression(parent)) return `${parent.expression.getText()}(…) callback`;
  return '(anonymous)';
}

/** The functions of one file over `maxFunctionLines`. */
function oversizeFunctions(file: string, text: string): Oversize[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Oversize[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const lines = codeLines(source, node.getStart(source), node.getEnd());
      if (lines > maxFunctionLines) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push({ file, line, name: functionName(node), lines });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], {
  cwd: repoRoot,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => file !== '' && !exempt.some((pattern) => pattern.test(file)));

const bigFiles: { file: string; lines: number }[] = [];
const bigFunctions: Oversize[] = [];
for (const file of files) {
  let text: string;
  try {
    text = readFileSync(new URL(file, `file://${repoRoot}`), 'utf8');
  } catch {
    continue; // deleted in the working tree, not yet in the index
  }
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > maxFileLines) bigFiles.push({ file, lines });
  bigFunctions.push(...oversizeFunctions(file, text));
}

const failures: string[] = [];
for (const { file, lines } of bigFiles) {
  const allowed = known[file]?.lines;
  if (allowed == null || lines > allowed) {
    failures.push(`${file}: ${lines} lines (at most ${allowed ?? maxFileLines})`);
  }
}
const functionsByFile = new Map<string, Oversize[]>();
for (const item of bigFunctions) {
  functionsByFile.set(item.file, [...(functionsByFile.get(item.file) ?? []), item]);
}
for (const [file, items] of functionsByFile) {
  if (items.length > (known[file]?.functions ?? 0)) {
    for (const item of items) {
      failures.push(
        `${file}:${item.line} ${item.name}: ${item.lines} lines (at most ${maxFunctionLines})`,
      );
    }
  }
}

if (process.argv.includes('--write-baseline')) {
  const baseline: typeof known = {};
  for (const { file, lines } of bigFiles) baseline[file] = { lines, functions: 0 };
  for (const [file, items] of functionsByFile) {
    baseline[file] = { lines: baseline[file]?.lines ?? null, functions: items.length };
  }
  const sorted = Object.fromEntries(
    Object.entries(baseline).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(baselineUrl, `${JSON.stringify(sorted, null, 2)}\n`);
  console.log(`Wrote ${Object.keys(sorted).length} files to scripts/sizeBaseline.json.`);
  process.exit(0);
}
if (process.argv.includes('--list')) {
  console.log(`Files over ${maxFileLines} lines:`);
  for (const { file, lines } of bigFiles.sort((a, b) => b.lines - a.lines)) {
    console.log(`  ${lines}  ${file}`);
  }
  console.log(`Functions over ${maxFunctionLines} lines of code:`);
  for (const item of bigFunctions) {
    console.log(`  ${item.lines}  ${item.file}:${item.line} ${item.name}`);
  }
}
if (failures.length > 0) {
  console.error(
    `✗ Over the size limits (docs/style.md, "Sizes"): split by what the code does.\n  ${failures.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(
  `✓ No new file over ${maxFileLines} lines and no new function over ${maxFunctionLines} (${Object.keys(known).length} known files).`,
);
