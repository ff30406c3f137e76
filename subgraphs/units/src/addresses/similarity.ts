/** Damerau–Levenshtein distance (optimal string alignment) of two short keys. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table = new Uint16Array(rows * columns);
  for (let i = 0; i < rows; i += 1) table[i * columns] = i;
  for (let j = 0; j < columns; j += 1) table[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < columns; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        table[(i - 1) * columns + j]! + 1,
        table[i * columns + j - 1]! + 1,
        table[(i - 1) * columns + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, table[(i - 2) * columns + j - 2]! + 1);
      }
      table[i * columns + j] = best;
    }
  }
  return table[rows * columns - 1]!;
}

/** How alike two keys are, 0 to 1; 0 beyond the edits a typo explains (one per four letters). */
export function similarity(typed: string, name: string): number {
  if (typed === name) return 1;
  const distance = editDistance(typed, name);
  const longest = Math.max(typed.length, name.length);
  if (distance > Math.max(1, Math.floor(longest / 4))) return 0;
  return 1 - distance / (longest + 1);
}
