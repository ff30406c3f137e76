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

/**
 * The answer whose JSON text is `text` (from `answerText`), for a cache hit: the response cache
 * keeps answers as text, which is what it serves, bounded by their real size (kept as objects,
 * 64 MB of JSON took about 650 MB). Its `data` stands in for the answer's: `answerText` writes
 * `text` for it, and anyone who reads its fields (a plugin, an in-process `executeOperation`) gets
 * the answer's own, parsed from `text` when first read.
 */
export function answerOfText(text: string): FormattedExecutionResult {
  let parsed: Record<string, unknown> | undefined;
  const answer = () => {
    parsed ??= (JSON.parse(text) as { data: Record<string, unknown> }).data;
    return parsed;
  };
  const data = new Proxy<Record<string, unknown>>(
    {},
    {
      get: (_target, property) => Reflect.get(answer(), property),
      has: (_target, property) => Reflect.has(answer(), property),
      ownKeys: () => Reflect.ownKeys(answer()),
      getOwnPropertyDescriptor: (_target, property) =>
        Reflect.getOwnPropertyDescriptor(answer(), property),
      set: () => false,
      deleteProperty: () => false,
      defineProperty: () => false,
    },
  );
  texts.set(data, text);
  return { data };
}
