/**
 * `regal-braze/transforms`: the pure part of the SDK. Turns Regal reporting-webhook events into
 * Braze `/users/track` bodies. Depends on nothing but zod: runs in any JavaScript runtime.
 *
 * @packageDocumentation
 */
export { PayloadError, RegalBrazeError, type Issue } from '../errors/index.js';
