/**
 * Base class of every error `regal-braze` throws.
 *
 * Catch this to handle any failure of the SDK in one place; narrow with `instanceof` on the
 * subclasses ({@link ValidationError}, {@link PayloadError}, {@link "regal-braze"!ApiError | ApiError}, …) when the kind
 * of failure matters.
 *
 * @example
 * ```ts
 * try {
 *   await regal.trackEvent(event);
 * } catch (error) {
 *   if (error instanceof RegalBrazeError) console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class RegalBrazeError extends Error {}

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
RegalBrazeError.prototype.name = 'RegalBrazeError';
