export { type CopyValue, copyRows } from './copyRows.ts';
