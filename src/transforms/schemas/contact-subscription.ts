import * as z from 'zod/mini';
import { regalEventOf } from './envelope.js';
import { stringOrNumber } from './shared.js';

/** The channels a Regal subscription event can concern. */
export const subscriptionChannelSchema = z.enum(['voice', 'sms', 'email']);

/** A channel a Regal subscription event can concern. */
export type SubscriptionChannel = z.infer<typeof subscriptionChannelSchema>;

/** `properties` of a Regal `contact.subscribed` or `contact.unsubscribed` event. */
export const contactSubscriptionPropertiesSchema = z.looseObject({
  /** The channel whose subscription changed. Required: it selects the Braze subscription group. */
  channel: subscriptionChannelSchema,
  new_subscription: z.nullish(z.boolean()),
  text: z.nullish(z.string()),
  ip: z.nullish(z.string()),
  /** `Brand.*` or `Regal.*`: who made the change. */
  source: z.nullish(z.string()),
  /** Unix seconds, as a string. */
  timestamp: z.nullish(stringOrNumber),
});

/** `properties` of a Regal `contact.subscribed` or `contact.unsubscribed` event. */
export type ContactSubscriptionProperties = z.infer<typeof contactSubscriptionPropertiesSchema>;

/** A Regal `contact.unsubscribed` reporting event. */
export const contactUnsubscribedEventSchema = regalEventOf(
  'contact.unsubscribed',
  contactSubscriptionPropertiesSchema,
);

/** A Regal `contact.unsubscribed` reporting event. */
export type ContactUnsubscribedEvent = z.infer<typeof contactUnsubscribedEventSchema>;

/** A Regal `contact.subscribed` reporting event. */
export const contactSubscribedEventSchema = regalEventOf(
  'contact.subscribed',
  contactSubscriptionPropertiesSchema,
);

/** A Regal `contact.subscribed` reporting event. */
export type ContactSubscribedEvent = z.infer<typeof contactSubscribedEventSchema>;
