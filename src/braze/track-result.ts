import type { RegalBrazeError } from '../errors/index.js';
import type {
  BrazeAttributes,
  BrazeEvent,
  BrazePurchase,
} from '../transforms/users-track/users-track.js';

/** The three arrays of a `/users/track` body, in the order Braze processes them. */
export type TrackArray = 'attributes' | 'events' | 'purchases';

/** The arrays of a `/users/track` body, in the order Braze processes them. */
export const TRACK_ARRAYS: readonly TrackArray[] = ['attributes', 'events', 'purchases'];

/** Braze accepted the object (its request answered 2xx without listing it in `errors`). */
export interface TrackAccepted {
  /** Always `'accepted'`. */
  readonly status: 'accepted';
}

/**
 * Braze answered 2xx but listed the object in `errors`: the rest of its request was processed,
 * this object was not. Final: sending it again gets the same answer.
 */
export interface TrackRejected {
  /** Always `'rejected'`. */
  readonly status: 'rejected';
  /** Braze's `type` for the error, e.g. `"'external_id' or 'braze_id' or 'user_alias' is required"`. */
  readonly reason: string;
}

/**
 * The object's request failed after the retries allowed (`ApiError` and its subclasses,
 * `TimeoutError`, `ConnectionError`, `RequestAbortedError`). Braze did not process it, except
 * after a `TimeoutError` or a `RequestAbortedError` during an attempt, when the answer may have
 * been lost after Braze processed the request.
 */
export interface TrackFailed {
  /** Always `'failed'`. */
  readonly status: 'failed';
  /** Why its request failed; shared by every object of that request. */
  readonly error: RegalBrazeError;
}

/** What happened to one object given to {@link BrazeClient.track}. */
export type TrackOutcome = TrackAccepted | TrackRejected | TrackFailed;

/** The outcome of each object of one body, array by array, index by index, as in the body. */
export interface TrackBodyResult {
  /** One outcome per object of the body's `attributes`, same order. */
  attributes?: TrackOutcome[];
  /** One outcome per object of the body's `events`, same order. */
  events?: TrackOutcome[];
  /** One outcome per object of the body's `purchases`, same order. */
  purchases?: TrackOutcome[];
}

/** An object that Braze did not accept, with where it was in the input of `track`. */
export type TrackObjectError = (TrackRejected | TrackFailed) & {
  /** Index of its body in the input (0 when `track` was given a single body). */
  readonly body: number;
  /** Its array in that body. */
  readonly array: TrackArray;
  /** Its index in that array. */
  readonly index: number;
  /** The object itself, as given. */
  readonly object: BrazeAttributes | BrazeEvent | BrazePurchase;
};

/**
 * What {@link BrazeClient.track} did: the outcome of every object given, and counts.
 *
 * `ok` is true when Braze accepted every object. Otherwise `errors` lists each object that did
 * not get through, with where it was in the input, so that exactly those can be sent again (or
 * reported): sending the whole input again would record twice the events Braze already
 * accepted, since Braze does not de-duplicate events.
 *
 * @example
 * ```ts
 * const result = await braze.track(bodies);
 * if (!result.ok) {
 *   for (const error of result.errors) {
 *     if (error.status === 'rejected') console.warn(`bodies[${error.body}].${error.array}[${error.index}]: ${error.reason}`);
 *     else deadLetter.push({ object: error.object, reason: error.error.message });
 *   }
 * }
 * ```
 */
export interface TrackResult {
  /** `true` when Braze accepted every object. */
  readonly ok: boolean;
  /** Objects Braze accepted. */
  readonly accepted: number;
  /** Objects Braze refused in a partial success (`status: 'rejected'`). */
  readonly rejected: number;
  /** Objects whose request failed (`status: 'failed'`). */
  readonly failed: number;
  /** Requests the input was split into (each sent once, plus its retries). */
  readonly requests: number;
  /** HTTP attempts made in all, retries included. */
  readonly attempts: number;
  /** One entry per input body (one entry for a single body): each object's outcome. */
  readonly bodies: TrackBodyResult[];
  /** Every object not accepted, in input order, with its position and outcome. */
  readonly errors: TrackObjectError[];
}
