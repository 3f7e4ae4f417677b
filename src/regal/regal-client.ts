import { formatPath } from '../common/text.js';
import { HttpClient } from '../http/http-client.js';
import { validateRequestOptions, type RequestOptions } from '../http/request-options.js';
import { USER_AGENT } from '../common/version.js';
import type {
  CreateContactInput,
  RegalResult,
  TrackEventInput,
  UpdateOptInInput,
} from './inputs.js';
import { resolveRegalOptions, type RegalClientOptions } from './options.js';
import { toEventsBody } from './validation/inputs.js';

type Method = 'createContact' | 'updateOptIn' | 'trackEvent';

/**
 * Sends contacts, opt-in changes and custom events to Regal's events API
 * (`POST {baseUrl}/events`), the three flows of Braze's partner page for Regal.
 *
 * Every input is validated before anything is sent: phones are normalised to E.164 (an invalid
 * number is a {@link ValidationError} naming the field, where Regal would accept it and drop it
 * later), emails and opt-ins are checked, `Date`s serialised. Network errors, timeouts, 408,
 * 429 and 5xx are retried (`maxRetries`, default 2) with exponential backoff, honouring
 * `Retry-After`. Requests are paced to `maxRequestsPerSecond` (default 300, Regal's limit).
 *
 * Errors: {@link ValidationError} (bad input, nothing sent), {@link AuthenticationError}
 * (401/403), {@link RateLimitError} (429), {@link ApiError} (other non-2xx),
 * {@link TimeoutError}, {@link ConnectionError}, {@link RequestAbortedError}. The API key is in
 * none of them, nor in any log line.
 *
 * @example
 * ```ts
 * import { RegalClient } from 'regal-braze';
 *
 * const regal = new RegalClient({ apiKey: process.env.REGAL_API_KEY, defaultCountry: 'US' });
 * await regal.createContact({
 *   userId: 'user-123',
 *   traits: { phone: '(415) 555-0123', email: 'jane@example.com', firstName: 'Jane' },
 * });
 * await regal.trackEvent({ userId: 'user-123', name: 'Application Step 1 Completed' });
 * ```
 */
export class RegalClient {
  /** Base URL requests go to (`/events` is appended). */
  readonly baseUrl: string;
  /** `eventSource` sent with every call. */
  readonly eventSource: string;

  readonly #http: HttpClient;
  readonly #defaultCountry: RegalClientOptions['defaultCountry'];

  /**
   * Creates a client; it checks its options at once and holds the key in a private field.
   * @param options - see {@link RegalClientOptions}; throws a {@link ValidationError} when an
   * option is invalid or when no API key is given (neither `apiKey` nor `REGAL_API_KEY`).
   */
  constructor(options: RegalClientOptions = {}) {
    const resolved = resolveRegalOptions(options);
    this.baseUrl = resolved.baseUrl;
    this.eventSource = resolved.eventSource;
    this.#defaultCountry = resolved.defaultCountry;
    this.#http = new HttpClient({
      service: 'regal',
      baseUrl: resolved.baseUrl,
      authorization: resolved.apiKey,
      userAgent: USER_AGENT,
      timeout: resolved.timeout,
      maxRetries: resolved.maxRetries,
      maxRequestsPerSecond: resolved.maxRequestsPerSecond,
      fetch: resolved.fetch,
      logger: resolved.logger,
    });
  }

  /**
   * Creates (or updates) a contact. The traits need a phone or an email, in the legacy format
   * (`phone`, `email`, `optIn: [...]`) or the current one (`phones`, `emails` maps).
   *
   * @example
   * ```ts
   * await regal.createContact({
   *   userId: 'user-123',
   *   traits: {
   *     phone: '+14155550123',
   *     email: 'jane@example.com',
   *     firstName: 'Jane',
   *     lastName: 'Doe',
   *     optIn: [{ channel: 'sms', source: 'signup-form', subscribed: true, timestamp: new Date() }],
   *     plan: 'premium', // custom trait
   *   },
   * });
   * ```
   */
  createContact(input: CreateContactInput, options?: RequestOptions): Promise<RegalResult> {
    return this.#send('createContact', input, options);
  }

  /**
   * Records a subscription change: a legacy `optIn` list (with the `phone` / `email` it applies
   * to), or `voiceOptIn` / `smsOptIn` / `emailOptIn` in `phones` / `emails`. Pass `timestamp`:
   * Regal may ignore an opt-in without one (a warning is logged).
   *
   * @example
   * ```ts
   * await regal.updateOptIn({
   *   traits: {
   *     phones: { '+14155550123': { smsOptIn: { subscribed: false, timestamp: new Date() } } },
   *   },
   * });
   * ```
   */
  updateOptIn(input: UpdateOptInInput, options?: RequestOptions): Promise<RegalResult> {
    return this.#send('updateOptIn', input, options);
  }

  /**
   * Adds a custom event to a contact's profile, identified by `userId` or by a phone or email
   * in `traits`. Regal has no idempotency key: with retries on (the default), an attempt that
   * reached Regal but whose answer was lost is sent again and recorded twice. Pass
   * `{ maxRetries: 0 }` where a duplicate costs more than a lost event.
   *
   * @example
   * ```ts
   * await regal.trackEvent({
   *   userId: 'user-123',
   *   name: 'Application Step 1 Completed',
   *   properties: { preferredSubject: 'math', readytoCommit: true },
   *   originalTimestamp: new Date(),
   * });
   * ```
   */
  trackEvent(input: TrackEventInput, options?: RequestOptions): Promise<RegalResult> {
    return this.#send('trackEvent', input, options);
  }

  async #send(method: Method, input: unknown, options: unknown): Promise<RegalResult> {
    const requestOptions = validateRequestOptions(options, method);
    const { body, warnings } = toEventsBody(method, input, this.#defaultCountry, this.eventSource);
    for (const warning of warnings) {
      this.#http.logger.log(
        'warn',
        `regal ${method}: ${formatPath(warning.path)} ${warning.message}`,
        {
          service: 'regal',
          method,
          path: formatPath(warning.path),
        },
      );
    }
    const { status, body: answer } = await this.#http.post('events', body, requestOptions);
    return { status, body: answer };
  }
}
