/**
 * Internal: the batching rule. `fits` says whether objects fit in one `/users/track` request;
 * `planRequests` (behind `BrazeClient.track`) and the bridge's batching both cut by it.
 *
 * Splitting is greedy and in input order: each request takes, array by array (attributes, events,
 * purchases), as many of the remaining objects as fit. When only the object count binds, that is
 * the fewest requests possible: ceil(all objects / total) under a combined rule, max over arrays
 * of ceil(count / perArray) under the per-array one. An object too large for a request on its
 * own goes alone (Braze then refuses that request, not the others).
 */
import { utf8Length } from '../transforms/core/utf8-length.js';
import {
  BRAZE_LIMITS,
  BRAZE_REQUEST_LIMITS,
  type BrazeRequestLimit,
} from '../transforms/users-track/limits.js';
import type { UsersTrackRequest } from '../transforms/users-track/users-track.js';
import { TRACK_ARRAYS, type TrackArray } from './track-result.js';

/** How much one request may hold. */
export interface RequestLimits {
  /** Objects in each array. */
  readonly perArray: number;
  /** Objects in all arrays together (`Infinity` when the rule counts per array only). */
  readonly total: number;
  /** UTF-8 bytes of the request's JSON body. */
  readonly bytes: number;
}

/** What a request holds, or would hold: objects per array and, when measured, their bytes. */
export interface ObjectCounts {
  readonly attributes: number;
  readonly events: number;
  readonly purchases: number;
  /**
   * UTF-8 bytes of the objects' JSON, summed (as `objectBytes` measures it); an upper bound of them
   * is fine where it cannot bind (three bytes per character). Omitted: the byte cap is not
   * checked (`track` still splits a batch over it).
   */
  readonly bytes?: number;
}

/** Bytes a body adds around its objects, at most: `{"attributes":[],"events":[],"purchases":[]}`. */
const BODY_FRAME_BYTES = JSON.stringify({ attributes: [], events: [], purchases: [] }).length;

/** The limits of a request under `rule`, lowered to `maxObjects` (counted the way the rule counts). */
export function requestLimitsOf(rule: BrazeRequestLimit, maxObjects?: number): RequestLimits {
  const { perArray, total } = BRAZE_REQUEST_LIMITS[rule];
  const cap = (limit: number) =>
    maxObjects === undefined || !Number.isFinite(limit) ? limit : Math.min(limit, maxObjects);
  return { perArray: cap(perArray), total: cap(total), bytes: BRAZE_LIMITS.requestBytes };
}

/**
 * Whether a request holding `counts` is within `limits`: no array over `perArray`, not more than
 * `total` objects in all, and a JSON body (objects, a comma between two, the arrays around them)
 * of at most `bytes` bytes.
 */
export function fits(limits: RequestLimits, counts: ObjectCounts): boolean {
  const objects = counts.attributes + counts.events + counts.purchases;
  return (
    counts.attributes <= limits.perArray &&
    counts.events <= limits.perArray &&
    counts.purchases <= limits.perArray &&
    objects <= limits.total &&
    (counts.bytes === undefined || counts.bytes + objects + BODY_FRAME_BYTES <= limits.bytes)
  );
}

const encoder = new TextEncoder();
/** Scratch space for {@link utf8Bytes}; text that does not fit is measured without it. */
let scratch: Uint8Array | undefined;

/** UTF-8 bytes of `text` (encoding into scratch space is many times faster than counting). */
function utf8Bytes(text: string): number {
  scratch ??= new Uint8Array(256 * 1024);
  const { read, written } = encoder.encodeInto(text, scratch);
  return read === text.length ? written : utf8Length(text);
}

/** One object's JSON, as it appears in a request body. */
function jsonOf(object: unknown): string {
  return JSON.stringify(object) ?? 'null';
}

/** UTF-8 bytes of one object's JSON, as it appears in a request body. */
export function objectBytes(object: unknown): number {
  return utf8Bytes(jsonOf(object));
}

/** What `body` holds: its objects per array and their bytes. */
export function objectCountsOf(body: UsersTrackRequest): ObjectCounts {
  let bytes = 0;
  for (const array of TRACK_ARRAYS) {
    for (const object of body[array] ?? []) bytes += objectBytes(object);
  }
  return {
    attributes: body.attributes?.length ?? 0,
    events: body.events?.length ?? 0,
    purchases: body.purchases?.length ?? 0,
    bytes,
  };
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
  /** `body` as JSON (what `JSON.stringify(body)` gives), built from the objects measured. */
  readonly text: string;
  readonly slots: Readonly<Record<TrackArray, readonly Slot[]>>;
  /** Objects in the request. */
  readonly size: number;
}

interface Pending {
  readonly objects: unknown[];
  readonly texts: string[];
  readonly bytes: number[];
  readonly slots: Slot[];
}

/** Splits `bodies` (already validated) into requests within `limits`. */
export function planRequests(
  bodies: readonly UsersTrackRequest[],
  limits: RequestLimits,
): PlannedRequest[] {
  const merged: Record<TrackArray, Pending> = {
    attributes: { objects: [], texts: [], bytes: [], slots: [] },
    events: { objects: [], texts: [], bytes: [], slots: [] },
    purchases: { objects: [], texts: [], bytes: [], slots: [] },
  };
  let characters = 0;
  let objects = 0;
  bodies.forEach((body, bodyIndex) => {
    for (const array of TRACK_ARRAYS) {
      const list = body[array];
      if (list === undefined) continue;
      const pending = merged[array];
      for (let index = 0; index < list.length; index++) {
        const text = jsonOf(list[index]);
        characters += text.length;
        objects++;
        pending.objects.push(list[index]);
        pending.texts.push(text);
        pending.slots.push({ body: bodyIndex, index });
      }
    }
  });
  // A character is at most 3 UTF-8 bytes: when everything fits even so, the byte limit cannot
  // bind and the exact count (an encoding pass) is not needed; that bound stands in for it.
  const exact = 3 * characters + objects + BODY_FRAME_BYTES > limits.bytes;
  for (const array of TRACK_ARRAYS) {
    const pending = merged[array];
    for (const text of pending.texts) pending.bytes.push(exact ? utf8Bytes(text) : 3 * text.length);
  }

  const cursors: Record<TrackArray, number> = { attributes: 0, events: 0, purchases: 0 };
  const remaining = (): boolean =>
    TRACK_ARRAYS.some((array) => cursors[array] < merged[array].objects.length);
  const requests: PlannedRequest[] = [];
  while (remaining()) {
    const counts = { attributes: 0, events: 0, purchases: 0, bytes: 0 };
    const body: Record<string, unknown[]> = {};
    const slots: Record<TrackArray, readonly Slot[]> = {
      attributes: [],
      events: [],
      purchases: [],
    };
    const parts: string[] = [];
    let size = 0;
    let full = false;
    for (const array of TRACK_ARRAYS) {
      const pending = merged[array];
      const start = cursors[array];
      let end = start;
      while (!full && end < pending.objects.length) {
        counts[array]++;
        counts.bytes += pending.bytes[end] as number;
        if (!fits(limits, counts)) {
          if (size > 0) {
            counts[array]--;
            counts.bytes -= pending.bytes[end] as number;
            break;
          }
          full = true; // an object too large for any request goes alone
        }
        end++;
        size++;
      }
      if (end === start) continue;
      body[array] = pending.objects.slice(start, end);
      parts.push(`"${array}":[${pending.texts.slice(start, end).join(',')}]`);
      slots[array] = pending.slots.slice(start, end);
      cursors[array] = end;
    }
    requests.push({ body: body as UsersTrackRequest, text: `{${parts.join(',')}}`, slots, size });
  }
  return requests;
}
