/**
 * Folds Vietnamese text for matching the way people type: lower case, no diacritics, `đ` as `d`,
 * whatever the Unicode composition (the same rule as the units subgraph's search).
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
