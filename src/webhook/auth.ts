const encoder = new TextEncoder();
const BEARER = /^bearer\s+/i;

/**
 * Internal: checks the shared secret of a webhook request. Regal signs nothing: the receiver
 * configures a header and a value in Regal, and that value is the only proof a request comes
 * from Regal. Accepted forms: `Authorization: Bearer <secret>`, `Authorization: <secret>`, and
 * `<secretHeader>: <secret>` when a header name is configured.
 */
export class SecretCheck {
  readonly #expected: Uint8Array;
  readonly #header: string | undefined;

  /**
   * @param secret - the expected value (kept private, as bytes)
   * @param header - an extra header that may carry it (lower case), besides `Authorization`.
   */
  constructor(secret: string, header: string | undefined) {
    this.#expected = encoder.encode(secret);
    this.#header = header === 'authorization' ? undefined : header;
  }

  /** Whether the request carries the secret in one of the accepted forms. */
  matches(header: (name: string) => string | null): boolean {
    let matched = false;
    const authorization = header('authorization');
    if (authorization !== null) {
      // Both forms are compared, without short-circuit: which one matched is not observable.
      matched = this.#equals(authorization) || matched;
      if (BEARER.test(authorization)) {
        matched = this.#equals(authorization.replace(BEARER, '')) || matched;
      }
    }
    if (this.#header !== undefined) {
      const value = header(this.#header);
      if (value !== null) matched = this.#equals(value) || matched;
    }
    return matched;
  }

  #equals(value: string): boolean {
    return bytesEqual(encoder.encode(value), this.#expected);
  }
}

/**
 * Internal: whether `given` holds the same bytes as `expected`, in a time that depends on the
 * lengths only, never on where the first difference is. Written on plain bytes because
 * `crypto.timingSafeEqual` is Node-only and `crypto.subtle` has no comparison.
 *
 * Every byte of `expected` is visited whatever `given` holds; a length difference is folded
 * into the same accumulator instead of returning early. The time may reveal the length of
 * `given` (which the caller chose) and of `expected` (fixed for the process), not its content.
 */
export function bytesEqual(given: Uint8Array, expected: Uint8Array): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) {
    difference |= (expected[i] as number) ^ (i < given.length ? (given[i] as number) : 0);
  }
  return difference === 0;
}
