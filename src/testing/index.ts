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
 *
 * None of it needs msw, types included. The msw handlers emulating Regal's and Braze's APIs are in
 * their own entry, `regal-braze/testing/msw`.
 *
 * @example
 * ```ts
 * import { expect, test } from 'vitest';
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
 * @module regal-braze/testing
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
