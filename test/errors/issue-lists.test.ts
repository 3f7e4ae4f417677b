// Messages list at most 20 issues, then count the others: a payload with thousands of problems
// must not make an error, a log line or an answer thousands of times its size.
import { describe, expect, it } from 'vitest';
import { PayloadError, ValidationError } from '../../src/errors/index.js';

const issues = Array.from({ length: 25 }, (_, i) => ({ path: ['events', i], message: 'bad' }));
const listed = Array.from({ length: 20 }, (_, i) => `events[${i}]: bad`).join('; ');

describe('issue lists', () => {
  it('a ValidationError message lists the first 20 issues, then counts the others', () => {
    const error = new ValidationError('track', issues);
    expect(error.issues).toHaveLength(25);
    expect(error.message).toBe(`Invalid track input: ${listed}; … and 5 more`);
    expect(new ValidationError('track', issues.slice(0, 20)).message).toBe(
      `Invalid track input: ${listed}`,
    );
  });

  it('so does a PayloadError', () => {
    expect(new PayloadError(issues, 'sms.sent').message).toBe(
      `Invalid Regal sms.sent event: ${listed}; … and 5 more`,
    );
  });
});
