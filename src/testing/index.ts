/**
 * `regal-braze/testing`: what you need to test your own Regal/Braze code in a few lines, in any
 * test runner.
 *
 * - **Factories**: {@link regalEvent} builds a valid, realistic, typed Regal reporting event for
 *   any of the 40 documented names; deterministic (seeded), with deep-merged overrides.
 * - **Fixtures**: {@link regalFixture} returns the SDK's own strict-JSON sample events (also
 *   shipped as files: `regal-braze/testing/fixtures/<name>.json`).
 * - **Validators**: {@link validateUsersTrack} lists what Braze would reject in a `/users/track`
 *   body; {@link assertValidUsersTrack} throws with all of it.
 * - **msw handlers**: {@link regalHandlers} and {@link brazeHandlers} emulate Regal's events API
 *   and Braze's `/users/track` (auth, limits, partial errors, scripted 429/5xx) and record what
 *   they receive. They need msw, an optional peer dependency, loaded only when they are called:
 *   the rest of this entry works without it.
 *
 * @example
 * ```ts
 * import { regalEvent, assertValidUsersTrack } from 'regal-braze/testing';
 * import { transformRegalEvent } from 'regal-braze/transforms';
 *
 * test('a completed call becomes a Braze event', () => {
 *   const body = transformRegalEvent(regalEvent('call.completed', { userId: 'u-1' }));
 *   assertValidUsersTrack(body);
 *   expect(body.events?.[0]).toMatchObject({ external_id: 'u-1', name: 'Call Completed' });
 * });
 * ```
 *
 * @packageDocumentation
 */
export {
  regalEvent,
  resetRegalEventSequence,
  type RegalEventOptions,
  type RegalEventOverrides,
} from './factories/regal-event.js';
export type { DeepPartial } from './factories/merge.js';
export type { RegalEnvelopeKind } from './factories/envelope.js';
export {
  regalFixture,
  REGAL_FIXTURE_NAMES,
  type RegalFixtureName,
} from './fixtures/regal-fixtures.js';
export { assertValidUsersTrack } from './validators/assert-valid-users-track.js';
export { RegalBrazeError, ValidationError } from '../errors/index.js';
export {
  validateUsersTrack,
  REGAL_EVENT_NAMES,
  type RegalEventMap,
  type RegalEventName,
  type UsersTrackRequest,
  type ValidateUsersTrackOptions,
} from '../transforms/index.js';
export {
  regalHandlers,
  type RegalApiMock,
  type RegalHandlersOptions,
} from './msw/regal-handlers.js';
export {
  brazeHandlers,
  type BrazeApiMock,
  type BrazeHandlersOptions,
  type BrazeObjectError,
} from './msw/braze-handlers.js';
export type { MockApi } from './msw/mock-api.js';
export type { RecordedCall } from './msw/recorded-call.js';
export type { ScriptedReply } from './msw/scripted-reply.js';
