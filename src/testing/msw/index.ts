/**
 * `regal-braze/testing/msw`: [msw](https://mswjs.io) handlers that emulate Regal's events API
 * ({@link regalHandlers}) and Braze's `/users/track` ({@link brazeHandlers}) as documented — auth,
 * limits, partial errors, scripted 429/5xx/network failures — and record every request they
 * receive.
 *
 * This entry needs msw 2.7 or later, or msw 3 (an optional peer dependency of regal-braze). The
 * factories, fixtures and validators are in `regal-braze/testing`, which needs no msw.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { afterAll, afterEach, beforeAll } from 'vitest';
 * import { brazeHandlers, regalHandlers } from 'regal-braze/testing/msw';
 *
 * const braze = brazeHandlers({ apiKey: 'braze-test-key' });
 * const regal = regalHandlers({ apiKey: 'regal-test-key' });
 * const server = setupServer(...braze.handlers, ...regal.handlers);
 * beforeAll(() => server.listen());
 * afterEach(() => (braze.reset(), regal.reset()));
 * afterAll(() => server.close());
 * ```
 *
 * @packageDocumentation
 * @module regal-braze/testing/msw
 */
export { regalHandlers, type RegalApiMock, type RegalHandlersOptions } from './regal-handlers.js';
export {
  brazeHandlers,
  type BrazeApiMock,
  type BrazeHandlersOptions,
  type BrazeObjectError,
} from './braze-handlers.js';
export type { MockApi } from './mock-api.js';
export type { RecordedCall } from './recorded-call.js';
export type { ScriptedReply } from './scripted-reply.js';
