import { RegalBrazeError } from '../errors/index.js';

/** A mistake in the command line: reported with the usage line, exit code 2. */
export class UsageError extends RegalBrazeError {
  override name = 'UsageError';

  /** The usage line of the command concerned. */
  readonly usage: string;

  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}
