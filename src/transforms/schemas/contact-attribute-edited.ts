import * as z from 'zod/mini';
import { regalEventOf } from './envelope.js';
import { stringOrNumber } from './shared.js';

/** One changed attribute: its value before and after the edit. */
export const attributeChangeSchema = z.looseObject({
  old_value: z.optional(z.unknown()),
  /** Required (`null` when the agent cleared the attribute). */
  new_value: z.unknown(),
});

/** One changed attribute: its value before and after the edit. */
export type AttributeChange = z.infer<typeof attributeChangeSchema>;

/**
 * `properties.changes` of a `contact.attribute.edited` event: `custom_properties` keyed by
 * attribute name (names chosen by agents: untrusted), and standard fields (`phone`, `email`,
 * `first_name`, …) at the top level.
 */
export const attributeChangesSchema = z.catchall(
  z.looseObject({
    custom_properties: z.nullish(z.record(z.string(), attributeChangeSchema)),
  }),
  z.nullish(attributeChangeSchema),
);

/** `properties` of a Regal `contact.attribute.edited` event. */
export const contactAttributeEditedPropertiesSchema = z.looseObject({
  agent_email: z.nullish(z.string()),
  contact_phone: z.nullish(z.string()),
  created_at: z.nullish(stringOrNumber),
  changes: attributeChangesSchema,
});

/** `properties` of a Regal `contact.attribute.edited` event. */
export type ContactAttributeEditedProperties = z.infer<
  typeof contactAttributeEditedPropertiesSchema
>;

/** A Regal `contact.attribute.edited` reporting event. */
export const contactAttributeEditedEventSchema = regalEventOf(
  'contact.attribute.edited',
  contactAttributeEditedPropertiesSchema,
);

/** A Regal `contact.attribute.edited` reporting event. */
export type ContactAttributeEditedEvent = z.infer<typeof contactAttributeEditedEventSchema>;
