export { type CopyValue, copyChunks, copyRows, copyText } from './copyRows.ts';
export { loadBeforeIndexes } from './loadBeforeIndexes.ts';
export { loadBeforePrimaryKey } from './loadBeforePrimaryKey.ts';
