import { expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/index.js';
import { createWebhookHandler } from '../../src/index.js';
import { redisDedupStore } from '../../src/webhook/redis-dedup-store.js';
import { SECRET, webhookRequest } from '../support/bridge-server.js';
import { startMockBraze } from '../support/mock-braze.js';
import { describeWithRedis, testGroup } from '../support/redis.js';
import { regalEvent, TRANSFORM } from '../support/regal-events.js';

describeWithRedis('redisDedupStore', (url) => {
  it('SET NX PX: the first add wins, has sees it, it expires, delete forgets it', async () => {
    const store = redisDedupStore({ url, group: testGroup() });
    try {
      expect(await store.has('evt-1')).toBe(false);
      expect(await store.add('evt-1', 60_000)).toBe(true);
      expect(await store.add('evt-1', 60_000)).toBe(false);
      expect(await store.has('evt-1')).toBe(true);
      await store.delete('evt-1');
      expect(await store.has('evt-1')).toBe(false);
      expect(await store.add('evt-2', 200)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await store.has('evt-2')).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('two bridges on one store: a copy reaching the other instance is answered duplicate, sent once', async () => {
    const braze = await startMockBraze();
    const group = testGroup();
    const stores = [redisDedupStore({ url, group }), redisDedupStore({ url, group })];
    const [one, two] = stores.map((dedupStore) =>
      createWebhookHandler({
        secret: SECRET,
        transform: TRANSFORM,
        braze: { apiKey: 'redis-dedup-key-0123456789', restEndpoint: braze.url },
        dedupStore,
        flushIntervalMs: 0,
      }),
    );
    try {
      // 20 events, each posted to both instances at once.
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          Promise.all([one!(webhookRequest(regalEvent(i))), two!(webhookRequest(regalEvent(i)))]),
        ),
      );
      const kinds = await Promise.all(
        answers.flat().map(async (answer) => ((await answer.json()) as { status: string }).status),
      );
      expect(kinds.filter((kind) => kind === 'queued')).toHaveLength(20);
      expect(kinds.filter((kind) => kind === 'duplicate')).toHaveLength(20);
      await Promise.all([one!.flush(), two!.flush()]);
      const ids = [...braze.accepted.attributes, ...braze.accepted.events].map(
        (object) => object.external_id,
      );
      expect(ids.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `user-${i}`).sort());
    } finally {
      await Promise.all([one!.close({ timeoutMs: 0 }), two!.close({ timeoutMs: 0 })]);
      await Promise.all(stores.map((store) => store.close()));
      await braze.close();
    }
  });

  it('bad options are a ValidationError naming each', () => {
    expect(() => redisDedupStore({ url: 'http://x', group: '', other: 1 } as never)).toThrow(
      new ValidationError('redisDedupStore options', [
        { path: ['other'], message: 'is not an option (url, group)' },
        { path: ['url'], message: 'must be a redis:// or rediss:// URL' },
        { path: ['group'], message: 'must be 1 to 100 of A-Z a-z 0-9 . _ : -' },
      ]),
    );
  });
});
