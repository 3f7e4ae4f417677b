import type { UsersTrackRequest } from './users-track/users-track.js';
import { parsePayload } from './core/parse.js';
import { mapCallCompleted } from './events/call-completed.js';
import { mapContactAttributeEdited } from './events/contact-attribute-edited.js';
import { mapContactExperimentAssigned } from './events/contact-experiment-assigned.js';
import { mapContactSubscribed, mapContactUnsubscribed } from './events/contact-subscription.js';
import { mapGenericEvent } from './events/generic-event.js';
import {
  resolveTransformOptions,
  type ResolvedTransformOptions,
  type TransformOptions,
} from './options.js';
import { CONTACTLESS_EVENT_NAMES } from './regal-event-names.js';
import { regalEventSchema } from './schemas/envelope.js';

type Mapper = (event: unknown, options: ResolvedTransformOptions) => UsersTrackRequest;

const DEDICATED: ReadonlyMap<string, Mapper> = new Map<string, Mapper>([
  ['call.completed', mapCallCompleted],
  ['contact.attribute.edited', mapContactAttributeEdited],
  ['contact.experiment.assigned', mapContactExperimentAssigned],
  ['contact.subscribed', mapContactSubscribed],
  ['contact.unsubscribed', mapContactUnsubscribed],
]);

const CONTACTLESS: ReadonlySet<string> = new Set(CONTACTLESS_EVENT_NAMES);

/**
 * Maps any Regal reporting event to a Braze `/users/track` body, routing on `event.name`:
 * `call.completed`, `contact.attribute.edited`, `contact.experiment.assigned`,
 * `contact.subscribed` and `contact.unsubscribed` get their dedicated mapping; every other event
 * becomes a Braze custom event named after it (`sms.sent` -> `"SMS Sent"`, see
 * `options.eventNames`) with its properties.
 *
 * @param event - the webhook's parsed JSON (validated here: `unknown` is fine).
 * @param options - see {@link TransformOptions}.
 * @returns the body, or `undefined` for an event that concerns no contact
 * (`agent.activity.updated`): there is nothing to send to Braze.
 * @throws {@link PayloadError} when the event is invalid or cannot be mapped.
 * @throws {@link ValidationError} when `options` is invalid.
 *
 * @example
 * ```ts
 * import { transformRegalEvent } from 'regal-braze/transforms';
 *
 * const body = transformRegalEvent(JSON.parse(webhookBody), {
 *   subscriptionGroups: { sms: 'c3d4…' },
 * });
 * if (body) await fetch(`${brazeEndpoint}/users/track`, { method: 'POST', body: JSON.stringify(body), headers });
 * ```
 */
export function transformRegalEvent(
  event: unknown,
  options?: TransformOptions,
): UsersTrackRequest | undefined {
  return mapRegalEvent(event, resolveTransformOptions(options));
}

/**
 * @internal {@link transformRegalEvent} with options already resolved: the webhook bridge
 * resolves its options once, not on every webhook.
 */
export function mapRegalEvent(
  event: unknown,
  resolved: ResolvedTransformOptions,
): UsersTrackRequest | undefined {
  const name =
    typeof event === 'object' && event !== null ? (event as { name?: unknown }).name : undefined;
  if (typeof name === 'string') {
    const mapper = DEDICATED.get(name);
    if (mapper !== undefined) return mapper(event, resolved);
    if (CONTACTLESS.has(name)) {
      parsePayload(regalEventSchema, event);
      return undefined;
    }
  }
  return mapGenericEvent(event, resolved);
}
