export { type IdempotencyKeysTable, idempotencyKeysTable } from './idempotencyKeysTable.ts';
export {
  type IdempotentRequest,
  runIdempotently,
  type TransactionOf,
} from './runIdempotently.ts';
