import { formatIssues, printable, type Issue } from '../shared/text.js';
import { RegalBrazeError } from './regal-braze-error.js';

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

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
PayloadError.prototype.name = 'PayloadError';
