import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors/index.js';
import { memoryQueue } from '../../../src/webhook/queue/memory-queue.js';
import { queueContract } from './queue-contract.js';

queueContract('memory', async (options) => memoryQueue(options), { bounded: true });

describe('memoryQueue options', () => {
  it('throws a ValidationError naming each bad option', () => {
    expect(() => memoryQueue({ maxQueueBytes: 0, visibilityMs: 1.5, extra: 1 } as never)).toThrow(
      new ValidationError('memoryQueue options', [
        { path: ['extra'], message: 'is not an option (maxQueueBytes, visibilityMs, now)' },
        { path: ['maxQueueBytes'], message: 'must be a whole number, 1 or more' },
        { path: ['visibilityMs'], message: 'must be a whole number from 1 to 2147483647' },
      ]),
    );
  });
});
