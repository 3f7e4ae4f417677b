// The Redis the Redis tests run against: REDIS_URL (CI exports it, pointing at a real
// redis-server on 127.0.0.1). Without it the tests are skipped with the reason printed, except
// under CI, where a missing REDIS_URL fails instead: CI must not pass by skipping them.
import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';

/** REDIS_URL, or `undefined` (with the reason printed) when the Redis tests are to be skipped. */
export const REDIS_URL: string | undefined = process.env.REDIS_URL || undefined;

/**
 * Runs `suite` when REDIS_URL is set. Otherwise: under CI (`CI` set), one failing test saying
 * why; elsewhere, the suite skipped, the reason printed once.
 */
export function describeWithRedis(name: string, suite: (url: string) => void): void {
  if (REDIS_URL !== undefined) {
    describe(name, () => suite(REDIS_URL));
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs REDIS_URL (CI must run the Redis tests, not skip them)', () => {
        throw new Error('REDIS_URL is not set: CI must run a redis-server and export REDIS_URL');
      });
    });
    return;
  }
  console.warn(
    `skipping "${name}": REDIS_URL is not set (start redis-server --port 6390 --save '' --appendonly no, then REDIS_URL=redis://127.0.0.1:6390)`,
  );
  describe.skip(name, () => suite(''));
}

/** A bridge group name of its own for one test (keys never shared between tests). */
export function testGroup(): string {
  return `test-${randomUUID().slice(0, 12)}`;
}
