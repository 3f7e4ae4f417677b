// Regal webhook events for the bridge tests: fixtures made distinct (userId user-<i>, eventId
// evt-<i>), so that each Braze object names the event it came from by its external_id.
import {
  transformRegalEvent,
  type TransformOptions,
  type UsersTrackRequest,
} from '../../src/index.js';
import { fixture } from './fixtures.js';

/** Transform options every bridge test uses (the subscription events need groups). */
export const TRANSFORM: TransformOptions = {
  subscriptionGroups: { voice: 'group-voice', sms: 'group-sms' },
};

/** Fixtures with a userId: 3 of 10 become attributes, 7 become custom events. */
const ROTATION = [
  'call.completed',
  'contact.attribute.edited',
  'sms.sent',
  'contact.experiment.assigned',
  'contact.unsubscribed',
  'task.created',
  'email.sent',
  'contact.subscribed',
  'call.placed',
  'sms.failed',
];

/** The i-th test event: a fixture with userId `user-<i>` and eventId `evt-<i>`. */
export function regalEvent(i: number): Record<string, unknown> {
  const event = fixture(ROTATION[i % ROTATION.length] as string);
  event.userId = `user-${i}`;
  event.eventId = `evt-${i}`;
  return event;
}

/** What the bridge should send to Braze for an event (as the transforms make it). */
export function expectedBody(event: unknown): UsersTrackRequest {
  const body = transformRegalEvent(event, TRANSFORM);
  if (body === undefined) throw new Error('expected a body');
  return body;
}

/** How many times each external_id appears among objects. */
export function countByExternalId(
  objects: readonly Record<string, unknown>[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const object of objects) {
    const id = String(object.external_id);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Posts `count` webhooks with at most `concurrency` in flight; returns the statuses in order. */
export async function postAll(
  count: number,
  concurrency: number,
  post: (i: number) => Promise<Response>,
): Promise<number[]> {
  const statuses = new Array<number>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const response = await post(i);
      await response.arrayBuffer();
      statuses[i] = response.status;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}
