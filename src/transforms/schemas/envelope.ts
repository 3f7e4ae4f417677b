import * as z from 'zod/mini';
import { stringOrNumber } from './shared.js';

/**
 * `traits` of a Regal reporting event: how Regal identifies the contact.
 * `email` appears only if the brand sent it to Regal before. Other keys are kept.
 */
export const regalTraitsSchema = z.looseObject({
  /** The contact's phone, E.164 (`+17625555555`). */
  phone: z.nullish(z.string()),
  /** The contact's email, when the brand gave it to Regal. */
  email: z.nullish(z.string()),
  /** The IP address Regal recorded (subscription events). */
  ip: z.nullish(z.string()),
});

/** `traits` of a Regal reporting event. */
export type RegalTraits = z.infer<typeof regalTraitsSchema>;

/**
 * The envelope every Regal reporting webhook shares.
 *
 * Lenient on purpose: Regal mixes numbers and numeric strings, `null` and absent, and some events
 * (`call.analysis.available`, `voicemail.completed`, …) use a snake_case variant (`event_id`,
 * `original_timestamp`, `external_id`, `contact_phone`, `contact_email`, `source`). Both forms are
 * accepted; unknown keys are kept.
 *
 * @example
 * ```ts
 * const result = regalEventSchema.safeParse(JSON.parse(body));
 * if (result.success) console.log(result.data.name);
 * ```
 */
export const regalEventSchema = z.looseObject({
  /** The brand's own id of the contact (Braze `external_id`), when the brand sent it to Regal. */
  userId: z.nullish(stringOrNumber),
  /** How Regal identifies the contact. */
  traits: z.nullish(regalTraitsSchema),
  /** The event name, e.g. `call.completed`. */
  name: z.string().check(z.minLength(1, 'must not be empty')),
  /** The event's own fields. */
  properties: z.nullish(z.record(z.string(), z.unknown())),
  /** When the event happened: Unix seconds, as a string in Regal's webhooks. */
  originalTimestamp: z.nullish(stringOrNumber),
  /** `"Regal Voice"` in Regal's webhooks. */
  eventSource: z.nullish(z.string()),
  /** Unique per event: the key to de-duplicate on. */
  eventId: z.nullish(stringOrNumber),
  /** Variant envelope: `eventId`. */
  event_id: z.nullish(stringOrNumber),
  /** Variant envelope: `originalTimestamp`. */
  original_timestamp: z.nullish(stringOrNumber),
  /** Variant envelope: `userId`. */
  external_id: z.nullish(stringOrNumber),
  /** Variant envelope: `traits.phone`. */
  contact_phone: z.nullish(z.string()),
  /** Variant envelope: `traits.email`. */
  contact_email: z.nullish(z.string()),
  /** Variant envelope: `eventSource`. */
  source: z.nullish(z.string()),
});

/** A Regal reporting event, as {@link regalEventSchema} accepts it. */
export type RegalEvent = z.infer<typeof regalEventSchema>;

/**
 * Builds the schema of one Regal event: the envelope with `name` fixed and `properties` given.
 * @internal
 */
export function regalEventOf<
  const Name extends string,
  Properties extends z.ZodMiniType<Record<string, unknown> | null | undefined>,
>(name: Name, properties: Properties) {
  return z.extend(regalEventSchema, { name: z.literal(name), properties });
}
