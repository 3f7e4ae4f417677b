// How `regal-braze` ends: its exit codes, and the errors that choose them.
import { RegalBrazeError } from '../errors/index.js';
import { nameErrors } from '../errors/errors.js';

/** The exit codes of `regal-braze`. */
export const EXIT = {
  ok: 0,
  /** An input the transforms refuse (invalid JSON, invalid Regal event). */
  invalidPayload: 1,
  /** Bad usage: unknown command or option, bad option value, unreadable file. */
  usage: 2,
} as const;

/** A mistake in the command line: reported with the usage line, exit code 2. */
export class UsageError extends RegalBrazeError {
  /** The usage line of the command concerned. */
  readonly usage: string;

  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}

/** Input that is not JSON, JSON lines or a JSON array: reported like an invalid payload (exit 1). */
export class InvalidInputError extends RegalBrazeError {}

nameErrors({ UsageError, InvalidInputError });
