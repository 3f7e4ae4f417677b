import vm from 'node:vm';

/**
 * Runs Data Transformation code as Braze does: a script whose top level may `return`, with only
 * `payload` (and `headers`) bound. Returns what it returns, through JSON as Braze sends it.
 */
export function runTransformation(
  code: string,
  payload: unknown,
  headers: Record<string, string> = {},
): unknown {
  const context = vm.createContext({ payload: structuredClone(payload), headers });
  const result: unknown = vm.runInContext(`(function () {\n${code}\n})()`, context, {
    timeout: 1000,
  });
  return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
}

/** A copy of `value` with every `null` object member removed, at any depth (arrays keep theirs). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== null)
        .map(([key, inner]) => [key, withoutNulls(inner)]),
    );
  }
  return value;
}
