/**
 * One request a mock API received, and what it answered. `calls` lists them in arrival order.
 *
 * @example
 * ```ts
 * expect(braze.calls).toHaveLength(1);
 * expect(braze.calls[0]?.headers.authorization).toBe('Bearer test-key');
 * expect(braze.calls[0]?.body?.events?.[0]?.name).toBe('Call Completed');
 * ```
 */
export interface RecordedCall<Body> {
  /** `POST`. */
  readonly method: string;
  /** The full URL requested. */
  readonly url: string;
  /** Request headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON, as received (not checked); `undefined` when it is not JSON. */
  readonly body: Body | undefined;
  /** The raw body text, byte for byte. */
  readonly text: string;
  /** The status the mock answered with; `0` for a scripted network error. */
  readonly status: number;
  /** The JSON body the mock answered with (`undefined` for a network error). */
  readonly responseBody: unknown;
}
