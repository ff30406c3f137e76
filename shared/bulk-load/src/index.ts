export { type CopyValue, copyChunks, copyRows, copyText } from './copyRows.ts';
export { loadBeforePrimaryKey } from './loadBeforePrimaryKey.ts';
