import type { ContactTraits, OptInTraits, Timestamp, Traits } from './traits.js';

/**
 * Input of {@link RegalClient.createContact}: a contact with at least a phone or an email.
 *
 * @example
 * ```ts
 * await regal.createContact({
 *   userId: 'user-123',
 *   traits: {
 *     phone: '+14155550123',
 *     email: 'jane@example.com',
 *     firstName: 'Jane',
 *     optIn: [{ channel: 'sms', subscribed: true, timestamp: new Date() }],
 *   },
 * });
 * ```
 */
export interface CreateContactInput {
  /** Your own id for the contact (Regal's External ID). */
  userId?: string;
  /** The contact's traits; a phone or an email is required. */
  traits: ContactTraits;
}

/**
 * Input of {@link RegalClient.updateOptIn}: at least one opt-in, with the phone or email it
 * applies to.
 *
 * @example
 * ```ts
 * await regal.updateOptIn({
 *   traits: {
 *     phone: '+14155550123',
 *     optIn: [{ channel: 'voice', subscribed: false, timestamp: new Date() }],
 *   },
 * });
 * ```
 */
export interface UpdateOptInInput {
  /** Your own id for the contact. */
  userId?: string;
  /** The opt-ins, and any other traits to update at the same time. */
  traits: OptInTraits;
}

/** Fields every custom event has; see {@link TrackEventInput}. */
export interface TrackEventFields {
  /** Event name, e.g. `"Application Step 1 Completed"`. */
  name: string;
  /** Event properties: strings, numbers, booleans, `null`, `Date`s, arrays, plain objects. */
  properties?: Record<string, unknown>;
  /** When the event happened (default: when Regal receives it). */
  originalTimestamp?: Timestamp;
}

/**
 * Input of {@link RegalClient.trackEvent}: a named event for a contact identified by `userId`,
 * or by a phone or email in `traits`.
 *
 * @example
 * ```ts
 * await regal.trackEvent({
 *   userId: 'user-123',
 *   name: 'Application Step 1 Completed',
 *   properties: { preferredSubject: 'math', readytoCommit: true },
 * });
 * ```
 */
export type TrackEventInput = TrackEventFields &
  (
    | {
        /** Your own id for the contact. */
        userId: string;
        /** Traits to update. */
        traits?: Traits;
      }
    | {
        /** Your own id for the contact. */
        userId?: string;
        /** Traits with a phone or email. */
        traits: ContactTraits;
      }
  );

/** What Regal answered to a successful call. */
export interface RegalResult {
  /** HTTP status (2xx). */
  status: number;
  /** The answer's body: parsed JSON (Regal sends `{ "message": "ok" }`), else its text. */
  body: unknown;
}
