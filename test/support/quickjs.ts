// Runs Data Transformation code in QuickJS (quickjs-emscripten), a second JavaScript engine:
// what it returns must be what node:vm (V8) returns, to the byte, and what transformRegalEvent
// returns.
import { getQuickJS, type QuickJSContext, type QuickJSHandle } from 'quickjs-emscripten';

const quickjs = await getQuickJS();

/** Data Transformation code compiled once in a fresh QuickJS context. */
export interface QuickJsTransformation {
  /**
   * Runs the code on one payload (given as JSON, parsed by QuickJS's own JSON.parse, as Braze
   * hands it over). Returns `{"body":…}` (no `body` for nothing to send) or
   * `{"refused":{"name":…,"message":…}}`, as JSON text written by QuickJS's JSON.stringify.
   */
  run(payloadJson: string): string;
  dispose(): void;
}

/**
 * A function expression taking the payload's JSON and returning the outcome as JSON text, the
 * same in every engine: what `code` returns as `{"body":…}`, or what it threw as `{"refused":…}`.
 */
export function outcomeFunction(code: string): string {
  return [
    '(function (json) {',
    '  var payload = JSON.parse(json);',
    '  try {',
    '    var body = (function (payload, headers) {',
    code,
    '    })(payload, {});',
    '    return JSON.stringify(body === undefined ? {} : { body: body });',
    '  } catch (error) {',
    '    return JSON.stringify({ refused: { name: error.name, message: error.message } });',
    '  }',
    '})',
  ].join('\n');
}

/** Compiles `code` in a new QuickJS context with nothing in it but the standard built-ins. */
export function quickJsTransformation(code: string): QuickJsTransformation {
  const context: QuickJSContext = quickjs.newContext();
  const wrapper = outcomeFunction(code);
  const run: QuickJSHandle = context.unwrapResult(context.evalCode(wrapper, 'transformation.js'));
  return {
    run(payloadJson) {
      const argument = context.newString(payloadJson);
      try {
        const result = context.unwrapResult(context.callFunction(run, context.undefined, argument));
        try {
          return context.getString(result);
        } finally {
          result.dispose();
        }
      } finally {
        argument.dispose();
      }
    },
    dispose() {
      run.dispose();
      context.dispose();
    },
  };
}
