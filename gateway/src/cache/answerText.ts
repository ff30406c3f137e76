import type { FormattedExecutionResult } from 'graphql';

/** The JSON text of each answer's `data` already written, for as long as that `data` lives. */
const texts = new WeakMap<object, string>();

/**
 * The JSON text of an answer, as Apollo Server writes it (`JSON.stringify` of errors, data and
 * extensions in that order, then a newline): its `stringifyResult`.
 *
 * An answer without errors or extensions is written once per `data` object. The callers that
 * share an execution (deduplication) and the hits of one cached answer all hold the same `data`
 * (`responseOf` copies only the top level), so 50 callers of Q3 at once write its 300 kB once
 * instead of 50 times, and a cache hit writes nothing. An answer with errors or extensions is
 * written each time: those are per request (trace ids). Nobody changes a `data` once it is
 * answered: the joiners and the cache already share the object itself.
 */
export function answerText(result: FormattedExecutionResult): string {
  const { errors, data, extensions } = result;
  const shared = errors === undefined && extensions === undefined && isObject(data);
  if (!shared) return `${JSON.stringify({ errors, data, extensions })}\n`;
  let text = texts.get(data);
  if (text === undefined) {
    text = `${JSON.stringify({ data })}\n`;
    texts.set(data, text);
  }
  return text;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
