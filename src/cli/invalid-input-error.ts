import { RegalBrazeError } from '../errors/index.js';

/** Input that is not JSON, JSON lines or a JSON array: reported like an invalid payload (exit 1). */
export class InvalidInputError extends RegalBrazeError {}

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
InvalidInputError.prototype.name = 'InvalidInputError';
