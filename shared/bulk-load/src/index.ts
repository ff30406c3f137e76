export { type CopyValue, copyChunks, copyRows, copyText } from './copyRows.ts';
