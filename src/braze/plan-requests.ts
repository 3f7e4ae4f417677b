/**
 * Internal: merges the bodies given to `track` and splits them into `/users/track` requests that
 * respect Braze's limits, remembering where each object came from.
 *
 * Splitting is greedy and in input order: each request takes, array by array (attributes, events,
 * purchases), as many of the remaining objects as the limits allow. Without the combined limit
 * that gives max over arrays of ceil(count / perArray) requests, the minimum. With it, each
 * request is filled to `total` objects, so ceil(all / total) requests, again the minimum (the
 * per-array limit, 75, never binds below a total of 50).
 */
import type { UsersTrackRequest } from '../transforms/users-track/users-track.js';
import { TRACK_ARRAYS, type TrackArray } from './track-result.js';

/** How many objects one request may hold. */
export interface RequestLimits {
  /** In each array. */
  readonly perArray: number;
  /** In all arrays together (`Infinity` when the plan has no such limit). */
  readonly total: number;
}

/** Where an object of a planned request came from. */
export interface Slot {
  /** Index of its body in the input. */
  readonly body: number;
  /** Index in that body's array. */
  readonly index: number;
}

/** One request to send: its body, and for each array the origin of each object, same order. */
export interface PlannedRequest {
  readonly body: UsersTrackRequest;
  readonly slots: Readonly<Record<TrackArray, readonly Slot[]>>;
  /** Objects in the request. */
  readonly size: number;
}

interface Pending {
  readonly objects: unknown[];
  readonly slots: Slot[];
}

/** Splits `bodies` (already validated) into requests within `limits`. */
export function planRequests(
  bodies: readonly UsersTrackRequest[],
  limits: RequestLimits,
): PlannedRequest[] {
  const merged: Record<TrackArray, Pending> = {
    attributes: { objects: [], slots: [] },
    events: { objects: [], slots: [] },
    purchases: { objects: [], slots: [] },
  };
  bodies.forEach((body, bodyIndex) => {
    for (const array of TRACK_ARRAYS) {
      const list = body[array];
      if (list === undefined) continue;
      const pending = merged[array];
      for (let index = 0; index < list.length; index++) {
        pending.objects.push(list[index]);
        pending.slots.push({ body: bodyIndex, index });
      }
    }
  });

  const cursors: Record<TrackArray, number> = { attributes: 0, events: 0, purchases: 0 };
  const remaining = (): boolean =>
    TRACK_ARRAYS.some((array) => cursors[array] < merged[array].objects.length);
  const requests: PlannedRequest[] = [];
  while (remaining()) {
    let room = limits.total;
    const body: Record<string, unknown[]> = {};
    const slots: Record<TrackArray, readonly Slot[]> = {
      attributes: [],
      events: [],
      purchases: [],
    };
    let size = 0;
    for (const array of TRACK_ARRAYS) {
      const pending = merged[array];
      const start = cursors[array];
      const take = Math.min(pending.objects.length - start, limits.perArray, room);
      if (take <= 0) continue;
      body[array] = pending.objects.slice(start, start + take);
      slots[array] = pending.slots.slice(start, start + take);
      cursors[array] = start + take;
      room -= take;
      size += take;
    }
    requests.push({ body: body as UsersTrackRequest, slots, size });
  }
  return requests;
}
