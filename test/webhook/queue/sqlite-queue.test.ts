import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors/index.js';
import { sqliteQueue } from '../../../src/webhook/queue/sqlite-queue.js';
import { eventNamed, queueContract } from './queue-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'regal-braze-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

queueContract(
  'sqlite',
  async (options) =>
    sqliteQueue({ path: join(dir, `q${++n}.db`), visibilityMs: options.visibilityMs }),
  {
    reopen: async (queue, options) => {
      const path = queue.description.split(' ')[1]!;
      await queue.close();
      return sqliteQueue({ path, visibilityMs: options.visibilityMs });
    },
  },
);

queueContract('sqlite, synchronous full', async (options) =>
  sqliteQueue({
    path: join(dir, `f${++n}.db`),
    synchronous: 'full',
    visibilityMs: options.visibilityMs,
  }),
);

describe('sqliteQueue', () => {
  it('throws a ValidationError naming each bad option', () => {
    expect(() => sqliteQueue({ path: '', synchronous: 'off', visibilityMs: 0 } as never)).toThrow(
      new ValidationError('sqliteQueue options', [
        { path: ['path'], message: 'must be the path of the database file' },
        { path: ['synchronous'], message: 'must be "normal" or "full"' },
        { path: ['visibilityMs'], message: 'must be a whole number from 1 to 2147483647' },
      ]),
    );
  });

  it('says when the file cannot be opened', () => {
    expect(() => sqliteQueue({ path: join(dir, 'no-such-dir', 'q.db') })).toThrow(
      /sqliteQueue options: path: cannot open ".*q\.db" as a queue database/,
    );
  });

  it("a second handle in the same process leaves the first one's leases alone", async () => {
    const path = join(dir, 'shared.db');
    const first = sqliteQueue({ path });
    const id = await first.append(eventNamed('call.completed', 1));
    expect((await first.lease(5)).map((entry) => entry.id)).toEqual([id]);
    const second = sqliteQueue({ path });
    expect(await second.lease(5)).toEqual([]);
    expect((await second.depth()).entries).toBe(1);
    await second.close();
    await first.close();
    // Both closed: the next open takes over what was leased.
    const third = sqliteQueue({ path });
    expect((await third.lease(5)).map((entry) => entry.id)).toEqual([id]);
    await third.close();
  });
});
