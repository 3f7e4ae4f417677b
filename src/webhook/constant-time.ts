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
