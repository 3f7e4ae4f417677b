/** A Braze user alias: a name unique within its label (`{ alias_name: '+1762…', alias_label: 'phone' }`). */
export interface BrazeUserAlias {
  alias_name: string;
  alias_label: string;
}

/** Exactly one of Braze's user identifiers; every `/users/track` object carries one. */
export type BrazeUserIdentifier =
  | { external_id: string }
  | { user_alias: BrazeUserAlias }
  | { braze_id: string }
  | { email: string }
  | { phone: string };

/** A value Braze accepts in an event property or a custom attribute. */
export type BrazeValue =
  string | number | boolean | null | BrazeValue[] | { [key: string]: BrazeValue };

/** One subscription group change, in an attributes object. */
export interface BrazeSubscriptionGroupUpdate {
  subscription_group_id: string;
  subscription_state: 'subscribed' | 'unsubscribed';
}

/** Keys shared by every `/users/track` object, next to its identifier. */
interface BrazeTrackObject {
  external_id?: string;
  user_alias?: BrazeUserAlias;
  braze_id?: string;
  email?: string;
  phone?: string;
  /** `true`: update the user only if it exists; `false`: create it if missing. */
  _update_existing_only?: boolean;
}

/**
 * An attributes object of `/users/track`: an identifier, standard attributes (`first_name`,
 * `email`, `phone`, …), `subscription_groups`, and custom attributes. `null` removes an attribute.
 */
export interface BrazeAttributes extends BrazeTrackObject {
  first_name?: string | null;
  last_name?: string | null;
  subscription_groups?: BrazeSubscriptionGroupUpdate[];
  [attribute: string]: BrazeValue | BrazeUserAlias | BrazeSubscriptionGroupUpdate[] | undefined;
}

/** An event object of `/users/track`. */
export interface BrazeEvent extends BrazeTrackObject {
  /** The custom event's name. */
  name: string;
  /** When it happened, ISO 8601 (`2022-07-15T03:17:39.000Z`). */
  time: string;
  properties?: { [key: string]: BrazeValue };
  app_id?: string;
}

/** A purchase object of `/users/track`. */
export interface BrazePurchase extends BrazeTrackObject {
  product_id: string;
  currency: string;
  price: number;
  time: string;
  quantity?: number;
  properties?: { [key: string]: BrazeValue };
  app_id?: string;
}

/**
 * The body of Braze `POST /users/track`: at most 75 objects in each array per request.
 *
 * @example
 * ```ts
 * const body: UsersTrackRequest = {
 *   events: [{ external_id: '123', name: 'Call Completed', time: '2022-07-15T03:17:39.000Z' }],
 * };
 * ```
 */
export interface UsersTrackRequest {
  attributes?: BrazeAttributes[];
  events?: BrazeEvent[];
  purchases?: BrazePurchase[];
}

/** A `/users/track` body made of events only, as the event transforms return. */
export interface UsersTrackEventsRequest extends UsersTrackRequest {
  events: BrazeEvent[];
}

/** A `/users/track` body made of attributes only, as the attribute transforms return. */
export interface UsersTrackAttributesRequest extends UsersTrackRequest {
  attributes: BrazeAttributes[];
}
