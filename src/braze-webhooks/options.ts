/** The three Braze → Regal webhooks of Braze's partner page for Regal. */
export type BrazeWebhookFlow = 'create-contact' | 'update-opt-in' | 'custom-event';

/** Every {@link BrazeWebhookFlow}, in the partner page's order. */
export const BRAZE_WEBHOOK_FLOWS: readonly BrazeWebhookFlow[] = [
  'create-contact',
  'update-opt-in',
  'custom-event',
];

/**
 * A value of the webhook body.
 *
 * - A string reads it from Braze: `REF` or `REF:TYPE`, where `REF` is a standard attribute
 *   (`first_name`, `phone_number`, `user_id`, …), `custom_attribute.NAME`,
 *   `canvas_entry_properties.NAME`, `event_properties.NAME`, `subscribed_state.NAME`,
 *   `campaign.FIELD` / `canvas.FIELD` (`campaign` and `canvas` alone: their names), and
 *   `TYPE` is `string` (the default), `number` or `boolean`. A value that is blank, or not of
 *   its type, is left out of the body.
 * - A boolean or a number is sent as is; `{ value: 'text' }` sends a fixed string.
 *
 * @example
 * ```ts
 * const traits = {
 *   plan: 'custom_attribute.plan', // a string
 *   seats: 'custom_attribute.seats:number', // 3, never "3"
 *   vip: 'custom_attribute.vip:boolean', // true or false
 *   brand: { value: 'Acme' }, // always "Acme"
 *   tier: 2, // always 2
 * };
 * ```
 */
export type BrazeWebhookValue = string | number | boolean | { readonly value: string };

/** One opt-in of the body: a channel, and whether the contact is subscribed to it. */
export interface BrazeWebhookOptIn {
  /** The channel: `voice` and `sms` apply to the contact's phone, `email` to its email. */
  readonly channel: 'voice' | 'sms' | 'email';
  /**
   * `true` / `false`, or a reference read from Braze (as in {@link BrazeWebhookValue}) whose value is
   * `true` or `false` — or one of Braze's subscription states: `subscribed` and `opted_in`
   * mean `true`, `unsubscribed` means `false` (`subscribed_state.<group id>`). Any other value
   * leaves this opt-in out.
   */
  readonly subscribed: boolean | string;
}

/**
 * Options of {@link toBrazeWebhook}. Without any, each flow gives the body of Braze's partner
 * page for Regal (its example custom traits and event included), made safe for every profile.
 */
export interface BrazeWebhookOptions {
  /**
   * Where the webhook runs: in a `canvas` (the default: event properties are
   * `canvas_entry_properties`, the default opt-in source is the Canvas name) or a `campaign`
   * (`event_properties`, the campaign name).
   */
  context?: 'canvas' | 'campaign';
  /**
   * Regal's trait format: `legacy` (the default, as the partner page: `traits.phone`,
   * `traits.email`, `traits.optIn: [...]`) or `current` (`traits.phones` / `traits.emails`
   * keyed by number / address, each with its own `voiceOptIn`, `smsOptIn`, `emailOptIn`).
   */
  format?: 'legacy' | 'current';
  /** Braze value sent as `userId`. Default `user_id`; `null` leaves it out. */
  userId?: string | null;
  /** Braze value sent as the phone. Default `phone_number`; `null` leaves it out. */
  phone?: string | null;
  /** Braze value sent as the email. Default `email_address` (not for `update-opt-in` and `custom-event`); `null` leaves it out. */
  email?: string | null;
  /** Braze value sent as `firstName`. Default `first_name` (not for `update-opt-in`); `null` leaves it out. */
  firstName?: string | null;
  /** Braze value sent as `lastName`. Default `last_name` (not for `update-opt-in`); `null` leaves it out. */
  lastName?: string | null;
  /**
   * Custom traits, Regal trait name -> {@link BrazeWebhookValue}. Default: the partner page's
   * example (`custom1`, `custom2`, and `custom3` for `custom-event`, from the custom attributes
   * of those names); `{}` for none.
   */
  traits?: Readonly<Record<string, BrazeWebhookValue>>;
  /**
   * The opt-ins, in order. Default: `voice` and `sms` subscribed (`true`) for
   * `create-contact`; both from `custom_attribute.voice_optin_subscribed` for
   * `update-opt-in`; none for `custom-event`. `[]` for none.
   */
  optIns?: readonly BrazeWebhookOptIn[];
  /**
   * `source` of every opt-in (where the consent was collected): a {@link BrazeWebhookValue} read as a
   * string. Default `canvas` (the Canvas name), `campaign` in a campaign; `null` leaves it out.
   */
  source?: BrazeWebhookValue | null;
  /** Send the time of sending as every opt-in's `timestamp` (Regal may ignore an opt-in without one). Default `false`, as the partner page. */
  timestamp?: boolean;
  /** Event name of `custom-event`. Default `"Application Step 1 Completed"` (the partner page's example). */
  eventName?: string;
  /**
   * Properties of `custom-event`, name -> {@link BrazeWebhookValue}. Default: the partner page's
   * example (`educationalLevel`, `preferredLocation`, `preferredSubject` from the entry
   * properties of those names, `readytoCommit: true`); `{}` for none.
   */
  properties?: Readonly<Record<string, BrazeWebhookValue>>;
  /** `eventSource` of the body. Default `"braze"`, as `RegalClient`. */
  eventSource?: string;
}

/** A Braze webhook to paste into Braze's webhook composer. */
export interface BrazeWebhook {
  /** Compose tab, **Webhook URL**: Regal's events API. */
  readonly url: string;
  /** Settings tab, **HTTP method**. */
  readonly method: 'POST';
  /**
   * Settings tab, **Request headers**. `Authorization` is a placeholder, never a key: replace
   * `<REGAL_API_KEY>` with your Regal API key, as is (no `Bearer`).
   */
  readonly headers: { readonly Authorization: string; readonly 'Content-Type': 'application/json' };
  /** Compose tab, **Request body**, **Raw text**: Liquid that renders the JSON body. */
  readonly body: string;
}

/** Placeholder of the `Authorization` header (Regal takes the raw key, no `Bearer`). */
export const REGAL_API_KEY_PLACEHOLDER = '<REGAL_API_KEY>';
