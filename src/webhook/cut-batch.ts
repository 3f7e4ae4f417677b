/**
 * Internal: cutting a batch from the head of the leased entries, with the request rule of
 * `BrazeClient` (`fits`), so that one batch is one request.
 */
import { fits, type ObjectCounts, type RequestLimits } from '../braze/plan-requests.js';
import { TRACK_ARRAYS } from '../braze/track-result.js';
import type { QueueEntry } from './queue/queue.js';

/** A batch cut from the head, and whether it fills a request. */
export interface Cut {
  /** How many entries from the head go in the batch (at least one when any is waiting). */
  readonly take: number;
  /** Whether nothing more could join it: a full request is waiting, send it now. */
  readonly full: boolean;
}

function plus(a: ObjectCounts, b: ObjectCounts): ObjectCounts {
  return {
    attributes: a.attributes + b.attributes,
    events: a.events + b.events,
    purchases: a.purchases + b.purchases,
    bytes: (a.bytes ?? 0) + (b.bytes ?? 0),
  };
}

const NONE: ObjectCounts = { attributes: 0, events: 0, purchases: 0, bytes: 0 };

/**
 * Takes from the head of `waiting` as many entries as fit in one request. An entry too big for
 * one request alone goes alone (`track` splits it).
 */
export function cutBatch(waiting: readonly QueueEntry[], limits: RequestLimits): Cut {
  let counts = NONE;
  let take = 0;
  for (const entry of waiting) {
    const next = plus(counts, entry.counts);
    if (!fits(limits, next)) return { take: Math.max(take, 1), full: true };
    counts = next;
    take++;
  }
  // Full when not one more object fits in some array (the old rule: 75 in an array is a request).
  const full =
    take > 0 &&
    TRACK_ARRAYS.some((array) => !fits(limits, { ...counts, [array]: counts[array] + 1 }));
  return { take, full };
}
