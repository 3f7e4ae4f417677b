/**
 * `regal-braze/transforms`: the pure part of the SDK. Turns Regal reporting-webhook events into
 * Braze `/users/track` bodies. Depends on nothing but zod: runs in any JavaScript runtime.
 *
 * @example
 * ```ts
 * import { transformRegalEvent } from 'regal-braze/transforms';
 *
 * const body = transformRegalEvent(payload); // { events: [{ external_id: '123', name: 'Call Completed', … }] }
 * ```
 *
 * @packageDocumentation
 * @module regal-braze/transforms
 */
export { PayloadError, RegalBrazeError, ValidationError, type Issue } from '../errors/index.js';

export {
  callCompleted,
  contactAttributeEdited,
  contactExperimentAssigned,
  contactSubscribed,
  contactUnsubscribed,
  createTransformer,
  transformRegalEvent,
  type RegalTransformer,
} from './transformer.js';

export { type IdentifierKind, type PropertyRules, type TransformOptions } from './options.js';
export { defaultBrazeEventName } from './core/event-name.js';
export { brazeKey, RENAMED_KEY_PREFIX } from './core/braze-names.js';
export { toIsoTime } from './core/time.js';
export {
  REGAL_EVENT_NAMES,
  CONTACTLESS_EVENT_NAMES,
  type RegalEventName,
} from './regal-event-names.js';

export {
  toBrazeTransformation,
  type BrazeTransformationOptions,
} from './codegen/to-braze-transformation.js';

export * from './schemas/index.js';
export * from './users-track/index.js';
