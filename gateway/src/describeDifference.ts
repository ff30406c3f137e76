/**
 * Describes how `actual` differs from `expected`, line by line, as a short unified-style hunk:
 * the common first and last lines are cut, so one edited region shows exactly; several edited
 * regions show as one block spanning them. Enough to say what is stale, with no diff dependency.
 */
export function describeDifference(actual: string, expected: string, maxLines = 40): string {
  const before = actual.split('\n');
  const after = expected.split('\n');
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) {
    start += 1;
  }
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore -= 1;
    endAfter -= 1;
  }
  const removed = before.slice(start, endBefore).map((line) => `- ${line}`);
  const added = after.slice(start, endAfter).map((line) => `+ ${line}`);
  const lines = [...removed, ...added];
  const shown = lines.slice(0, maxLines);
  if (lines.length > maxLines) shown.push(`  ... ${lines.length - maxLines} more line(s)`);
  return [`@@ line ${start + 1}: -${removed.length} +${added.length} @@`, ...shown].join('\n');
}
