export { type ColumnOf, type CopyValue, copyChunks, copyRows, copyText } from './copyRows.ts';
export { loadBeforeIndexes } from './loadBeforeIndexes.ts';
