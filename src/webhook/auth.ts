import { bytesEqual } from './constant-time.js';

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
