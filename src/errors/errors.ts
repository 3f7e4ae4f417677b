// The SDK's error hierarchy: RegalBrazeError and the errors about input (nothing was sent). The
// errors of a request to an API are in api-errors.ts (apart, so that the transforms' bundle has
// none of them).
import { formatIssues, printable, type Issue } from '../common/text.js';

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

/**
 * Bad input to a client method or a bad option, found before any request was sent.
 *
 * `issues` lists every problem with its path in the input; `target` names what was being
 * validated (`"RegalClient options"`, `"createContact"`, …).
 *
 * @example
 * ```ts
 * try {
 *   await regal.createContact({ traits: { phone: '12' } });
 * } catch (error) {
 *   if (error instanceof ValidationError) console.log(error.message);
 *   // Invalid createContact input: traits.phone: is not a valid phone number: write it in …
 * }
 * ```
 */
export class ValidationError extends RegalBrazeError {
  /** Each problem found, with its path in the input. */
  readonly issues: readonly Issue[];

  /** What was validated: a method name or an options object. */
  readonly target: string;

  /**
   * Creates the error.
   * @param target - what was validated
   * @param issues - every problem found.
   */
  constructor(target: string, issues: readonly Issue[]) {
    // "Invalid createContact input: …", but "Invalid RegalClient options: …".
    super(`Invalid ${target}${/options$/i.test(target) ? '' : ' input'}: ${formatIssues(issues)}`);
    this.target = target;
    this.issues = issues;
  }
}

/**
 * Internal: runs `read` with an empty issue list; throws a {@link ValidationError} for `target`
 * when it pushed any, else returns what it returned.
 */
export function collectIssues<T>(target: string, read: (issues: Issue[]) => T): T {
  const issues: Issue[] = [];
  const value = read(issues);
  if (issues.length > 0) throw new ValidationError(target, issues);
  return value;
}

/**
 * A Regal webhook payload that cannot be turned into a valid Braze request.
 *
 * Thrown by the transforms (and reported by the webhook bridge with a `400`). `issues` lists
 * every problem with the path where it was found; the message joins them on one line.
 *
 * @example
 * ```ts
 * try {
 *   callCompleted({ name: 'call.completed', properties: {} });
 * } catch (error) {
 *   if (error instanceof PayloadError) console.log(error.issues);
 *   // [{ path: [], message: 'no usable Braze identifier (…)' },
 *   //  { path: ['originalTimestamp'], message: 'is required …' }]
 * }
 * ```
 */
export class PayloadError extends RegalBrazeError {
  /** Each problem found, with its path in the payload. */
  readonly issues: readonly Issue[];

  /** The Regal event name (`payload.name`) when it could be read. */
  readonly eventName: string | undefined;

  /**
   * Creates the error.
   * @param issues - every problem found
   * @param eventName - `payload.name`, if readable.
   */
  constructor(issues: readonly Issue[], eventName?: string) {
    const what = eventName === undefined ? 'Regal event' : `Regal ${printable(eventName)} event`;
    super(`Invalid ${what}: ${formatIssues(issues)}`);
    this.issues = issues;
    this.eventName = eventName;
  }
}

/**
 * Internal: sets `name` on each class's prototype, not as a class field: it is then set before
 * the stack is captured, and kept by every build (a minifier renames the classes, not these keys).
 */
export function nameErrors(classes: Record<string, { prototype: Error }>): void {
  for (const [name, ErrorClass] of Object.entries(classes)) ErrorClass.prototype.name = name;
}

nameErrors({ RegalBrazeError, ValidationError, PayloadError });
