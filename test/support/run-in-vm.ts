import vm from 'node:vm';

/**
 * Makes `payload` inside `context` as Braze does: parsed from the webhook's JSON by the sandbox's
 * own `JSON.parse`, so its objects have the sandbox's `Object.prototype` (an object made in the
 * host realm would fail the transforms' prototype checks there).
 */
function payloadIn(context: vm.Context, payload: unknown): unknown {
  const json = JSON.stringify(payload);
  if (json === undefined) return undefined;
  const parse = vm.runInContext('JSON.parse', context) as (text: string) => unknown;
  return parse(json);
}

function fromSandbox(result: unknown): unknown {
  return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
}

/**
 * Runs Data Transformation code as Braze does: a script whose top level may `return`, with only
 * `payload` (and `headers`) bound. `payload` goes through JSON, as a webhook body does. Returns
 * what the code returns, through JSON as Braze sends it.
 */
export function runTransformation(
  code: string,
  payload: unknown,
  headers: Record<string, string> = {},
): unknown {
  const context = vm.createContext({ headers });
  context.payload = payloadIn(context, payload);
  const result: unknown = vm.runInContext(`(function () {\n${code}\n})()`, context, {
    timeout: 1000,
  });
  return fromSandbox(result);
}

/**
 * Compiles Data Transformation code once in a fresh context that has nothing but `payload` and
 * `headers`, and returns a function running it on one payload at a time (as
 * {@link runTransformation} does, without recompiling): for tests that run it thousands of times.
 */
export function compileTransformation(code: string): (payload: unknown) => unknown {
  const context = vm.createContext({});
  const run = vm.runInContext(`(function (payload, headers) {\n${code}\n})`, context) as (
    payload: unknown,
    headers: Record<string, string>,
  ) => unknown;
  return (payload) => fromSandbox(run(payloadIn(context, payload), {}));
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
