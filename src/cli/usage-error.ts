import { RegalBrazeError } from '../errors/index.js';

/** A mistake in the command line: reported with the usage line, exit code 2. */
export class UsageError extends RegalBrazeError {
  /** The usage line of the command concerned. */
  readonly usage: string;

  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
UsageError.prototype.name = 'UsageError';
