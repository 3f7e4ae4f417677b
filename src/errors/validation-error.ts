import { formatIssues, type Issue } from '../shared/text.js';
import { RegalBrazeError } from './regal-braze-error.js';

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

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
ValidationError.prototype.name = 'ValidationError';
