/** A channel a contact can subscribe to. */
export type OptInChannel = 'voice' | 'sms' | 'email';

/**
 * A point in time: a `Date` (sent as an ISO 8601 string) or an ISO 8601 string such as
 * `"2024-05-01T12:00:00Z"`.
 */
export type Timestamp = Date | string;

/**
 * An opt-in in Regal's legacy format (the one the Braze partner page uses): `traits.optIn` is a
 * list of these, and each applies to the `traits.phone` (voice, sms) or `traits.email` (email)
 * sent in the same call.
 *
 * Regal may ignore an opt-in without `timestamp`; server-side opt-ins should also carry the
 * `ip` the consent came from.
 */
export interface OptIn {
  /** Which channel the consent is for. */
  channel: OptInChannel;
  /** `true` to subscribe, `false` to unsubscribe. */
  subscribed: boolean;
  /** Where the consent was collected (a lead source, a form name). */
  source?: string;
  /** When the consent was given or withdrawn. */
  timestamp?: Timestamp;
  /** IP address the consent came from. */
  ip?: string;
  /** The consent text the contact agreed to. */
  text?: string;
}

/** A channel's subscription in Regal's current format (`voiceOptIn`, `smsOptIn`, `emailOptIn`). */
export interface ChannelOptIn {
  /** `true` to subscribe, `false` to unsubscribe. */
  subscribed: boolean;
  /** Where the consent was collected. */
  source?: string;
  /** When the consent was given or withdrawn. */
  timestamp?: Timestamp;
  /** IP address the consent came from. */
  ip?: string;
  /** The consent text the contact agreed to. */
  text?: string;
}

/** One number in `traits.phones` (current format), keyed by the number itself. */
export interface PhoneEntry {
  /** A label such as `"mobile"` or `"work"`. */
  label?: string;
  /** Whether this is the contact's primary number (at most one). */
  isPrimary?: boolean;
  /** Voice-call subscription of this number. */
  voiceOptIn?: ChannelOptIn;
  /** SMS subscription of this number. */
  smsOptIn?: ChannelOptIn;
}

/** One address in `traits.emails` (current format), keyed by the address itself. */
export interface EmailEntry {
  /** A label such as `"personal"` or `"work"`. */
  label?: string;
  /** Whether this is the contact's primary address (at most one). */
  isPrimary?: boolean;
  /** Email subscription of this address. */
  emailOptIn?: ChannelOptIn;
}

/** A postal address (`traits.address`, current format). */
export interface Address {
  /** Street and number. */
  street?: string;
  /** City. */
  city?: string;
  /** State or region. */
  state?: string;
  /** Postal code. */
  zipcode?: string;
  /** Country. */
  country?: string;
}

/**
 * A contact's traits, in either of Regal's formats (or both):
 *
 * - legacy (the Braze partner page): `phone`, `email`, `optIn: [{ channel, subscribed, … }]`;
 * - current: `phones` and `emails` maps keyed by number / address, each with its own opt-ins.
 *
 * Phones are normalised to E.164 (`+14155550123`) before sending. Any other key is a custom
 * trait: a string, number, boolean, `null`, `Date` (sent as ISO 8601), array or plain object.
 * Regal fixes a custom property's type on its first write.
 */
export interface Traits {
  /** Phone number; written without `+`, it is read in the client's `defaultCountry`. */
  phone?: string;
  /** Email address. */
  email?: string;
  /** First name. */
  firstName?: string;
  /** Last name. */
  lastName?: string;
  /** Opt-ins (legacy format) for `phone` and `email`. */
  optIn?: readonly OptIn[];
  /** Phone numbers (current format), keyed by number. */
  phones?: Readonly<Record<string, PhoneEntry>>;
  /** Email addresses (current format), keyed by address. */
  emails?: Readonly<Record<string, EmailEntry>>;
  /** Postal address. */
  address?: Address;
  /** Custom traits. */
  [trait: string]: unknown;
}

/** Traits that name at least one way to reach the contact: a phone or an email, in either format. */
export type ContactTraits = Traits &
  (
    | {
        /** Phone number. */
        phone: string;
      }
    | {
        /** Email address. */
        email: string;
      }
    | {
        /** Phone numbers, keyed by number. */
        phones: Readonly<Record<string, PhoneEntry>>;
      }
    | {
        /** Email addresses, keyed by address. */
        emails: Readonly<Record<string, EmailEntry>>;
      }
  );

/**
 * Traits that carry at least one opt-in: a legacy `optIn` list with the phone or email it
 * applies to, or a `phones` / `emails` map (whose entries hold `voiceOptIn`, `smsOptIn`,
 * `emailOptIn`).
 */
export type OptInTraits = Traits &
  (
    | {
        /** The phone the voice and sms opt-ins apply to. */
        phone: string;
        /** Opt-ins (legacy format). */
        optIn: readonly OptIn[];
      }
    | {
        /** The email the email opt-ins apply to. */
        email: string;
        /** Opt-ins (legacy format). */
        optIn: readonly OptIn[];
      }
    | {
        /** Phone numbers with their `voiceOptIn` / `smsOptIn`, keyed by number. */
        phones: Readonly<Record<string, PhoneEntry>>;
      }
    | {
        /** Email addresses with their `emailOptIn`, keyed by address. */
        emails: Readonly<Record<string, EmailEntry>>;
      }
  );
