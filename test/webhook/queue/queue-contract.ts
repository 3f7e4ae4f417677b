// The rules every DeliveryQueue keeps, as one suite to run against each implementation:
// queueContract('sqlite', (options) => sqliteQueue({ path, ...options })).
import { afterEach, describe, expect, it } from 'vitest';
import { objectCountsOf } from '../../../src/braze/plan-requests.js';
import type { UsersTrackRequest } from '../../../src/transforms/users-track/users-track.js';
import {
  compareEntryIds,
  newEntry,
  type DeliveryQueue,
  type NewEntry,
} from '../../../src/webhook/queue/queue.js';

/** What the suite asks of a factory. */
export interface QueueFactoryOptions {
  /** Lease length to create the queue with. */
  visibilityMs: number;
  /** Byte bound, for implementations that have one (others may ignore it). */
  maxQueueBytes?: number;
}

export interface QueueContractOptions {
  /** Whether the queue honours `maxQueueBytes` (memory). */
  bounded?: boolean;
  /**
   * Closes `queue` and opens the same store again (durable implementations): entries, attempts
   * and dead letters must all be there.
   */
  reopen?: (queue: DeliveryQueue, options: QueueFactoryOptions) => Promise<DeliveryQueue>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function eventNamed(name: string, n: number): NewEntry {
  const event = { name, eventId: `evt-${n}`, properties: { n, text: 'héllo' } };
  const body: UsersTrackRequest = {
    events: [{ external_id: `user-${n}`, name, time: '2024-05-01T10:00:00Z', properties: { n } }],
  };
  return newEntry(event, `evt-${n}`, `evt-${n}`, body);
}

export function queueContract(
  name: string,
  make: (options: QueueFactoryOptions) => Promise<DeliveryQueue>,
  contract: QueueContractOptions = {},
): void {
  describe(`DeliveryQueue contract: ${name}`, () => {
    const open: DeliveryQueue[] = [];
    const create = async (options: Partial<QueueFactoryOptions> = {}) => {
      const queue = await make({ visibilityMs: 60_000, ...options });
      open.push(queue);
      return queue;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((queue) => queue.close()));
    });

    it('appends, leases oldest first, once, and acks', async () => {
      const queue = await create();
      const ids: string[] = [];
      for (let n = 0; n < 5; n++) ids.push((await queue.append(eventNamed('call.completed', n)))!);
      expect(ids.every((id) => typeof id === 'string')).toBe(true);
      expect([...ids].sort(compareEntryIds)).toEqual(ids);

      const first = await queue.lease(3);
      expect(first.map((entry) => entry.id)).toEqual(ids.slice(0, 3));
      expect(first[0]).toMatchObject({
        event: eventNamed('call.completed', 0).event,
        eventId: 'evt-0',
        dedupKey: 'evt-0',
        body: eventNamed('call.completed', 0).body,
        counts: objectCountsOf(eventNamed('call.completed', 0).body),
        bytes: eventNamed('call.completed', 0).bytes,
        attempts: 0,
        lastAttemptAt: undefined,
        lastReason: undefined,
        undelivered: undefined,
      });
      expect(typeof first[0]!.acceptedAt).toBe('number');
      const rest = await queue.lease(10);
      expect(rest.map((entry) => entry.id)).toEqual(ids.slice(3));
      expect(await queue.lease(10)).toEqual([]);

      await queue.ack(ids);
      const depth = await queue.depth();
      expect(depth).toMatchObject({ entries: 0, bytes: 0, deadLetters: 0 });
      expect(depth.oldestAcceptedAt).toBeUndefined();
    });

    it('commits many appends made at once, in order', async () => {
      const queue = await create();
      const ids = await Promise.all(
        Array.from({ length: 500 }, (_, n) => queue.append(eventNamed('sms.sent', n))),
      );
      expect(new Set(ids).size).toBe(500);
      expect([...(ids as string[])].sort(compareEntryIds)).toEqual(ids);
      const depth = await queue.depth();
      expect(depth.entries).toBe(500);
      let bytes = 0;
      for (let n = 0; n < 500; n++) bytes += eventNamed('sms.sent', n).bytes;
      expect(depth.bytes).toBe(bytes);
      const leased = await queue.lease(1_000);
      expect(leased.map((entry) => entry.eventId)).toEqual(
        Array.from({ length: 500 }, (_, n) => `evt-${n}`),
      );
    });

    it('retry: not leased again before notBefore, attempts and reason kept, undelivered narrowed', async () => {
      const queue = await create();
      const a = (await queue.append(eventNamed('call.completed', 1)))!;
      const b = (await queue.append(eventNamed('call.completed', 2)))!;
      await queue.lease(2);
      const narrowed: UsersTrackRequest = {
        events: [{ external_id: 'user-2', name: 'x', time: '2024-05-01T10:00:00Z' }],
      };
      await queue.retry([
        { id: a, notBefore: Date.now() + 60_000, reason: 'Braze answered 500' },
        {
          id: b,
          notBefore: Date.now() - 1,
          reason: 'partly',
          undelivered: { body: narrowed, counts: objectCountsOf(narrowed) },
        },
      ]);
      const again = await queue.lease(10);
      // A store may hand a retried entry back under a new id (a Redis Stream re-adds it).
      expect(again.map((entry) => entry.eventId)).toEqual(['evt-2']);
      expect(again[0]).toMatchObject({
        attempts: 1,
        lastReason: 'partly',
        undelivered: narrowed,
        counts: objectCountsOf(narrowed),
      });
      expect(typeof again[0]!.lastAttemptAt).toBe('number');
      expect((await queue.depth()).entries).toBe(2);
    });

    it('release puts entries back as they were, ready at once', async () => {
      const queue = await create();
      const id = (await queue.append(eventNamed('call.completed', 1)))!;
      await queue.lease(1);
      expect(await queue.lease(1)).toEqual([]);
      await queue.release([id]);
      const again = await queue.lease(1);
      expect(again.map((entry) => [entry.id, entry.attempts])).toEqual([[id, 0]]);
    });

    it('an expired lease is reclaimed; a renewed one is not', async () => {
      const queue = await create({ visibilityMs: 1_000 });
      const kept = (await queue.append(eventNamed('call.completed', 1)))!;
      const lost = (await queue.append(eventNamed('call.completed', 2)))!;
      expect((await queue.lease(2)).map((entry) => entry.id)).toEqual([kept, lost]);
      expect(await queue.lease(2)).toEqual([]);
      // Renew one every 300 ms for 1.8 s: the other's lease runs out.
      for (let i = 0; i < 6; i++) {
        await sleep(300);
        await queue.renew([kept]);
      }
      const reclaimed = await queue.lease(2);
      expect(reclaimed.map((entry) => entry.id)).toEqual([lost]);
    });

    it('dead letters: kept with event, reason, attempts and times; listed, filtered, replayed, purged', async () => {
      const queue = await create();
      const ids: string[] = [];
      ids.push((await queue.append(eventNamed('call.completed', 1)))!);
      ids.push((await queue.append(eventNamed('sms.sent', 2)))!);
      ids.push((await queue.append(eventNamed('call.completed', 3)))!);
      await queue.lease(3);
      await queue.retry([{ id: ids[0]!, notBefore: 0, reason: 'Braze answered 503' }]);
      const [retried] = await queue.lease(3);
      expect(retried?.eventId).toBe('evt-1');
      const refused: UsersTrackRequest = eventNamed('call.completed', 3).body;
      await queue.deadLetter([
        {
          id: retried!.id,
          kind: 'failed',
          reason: 'not delivered within 24 h: Braze answered 503',
        },
        { id: ids[1]!, kind: 'rejected', reason: 'Braze refused 1 of 1 object(s): bad id' },
        { id: ids[2]!, kind: 'rejected', reason: 'Braze refused it: bad id', undelivered: refused },
      ]);
      expect(await queue.lease(10)).toEqual([]);
      expect(await queue.depth()).toMatchObject({ entries: 0, deadLetters: 3 });

      const eventIds = (letters: { eventId: string | undefined }[]) =>
        letters.map((letter) => letter.eventId).sort();
      const all = await queue.listDeadLetters();
      expect(eventIds(all)).toEqual(['evt-1', 'evt-2', 'evt-3']);
      // Oldest first, by id.
      expect([...all.map((letter) => letter.id)].sort(compareEntryIds)).toEqual(
        all.map((letter) => letter.id),
      );
      expect(all.find((letter) => letter.eventId === 'evt-1')).toMatchObject({
        event: eventNamed('call.completed', 1).event,
        eventId: 'evt-1',
        body: eventNamed('call.completed', 1).body,
        undelivered: eventNamed('call.completed', 1).body,
        kind: 'failed',
        reason: 'not delivered within 24 h: Braze answered 503',
        attempts: 2,
      });
      for (const letter of all) {
        expect(letter.deadAt).toBeGreaterThanOrEqual(letter.acceptedAt);
        expect(letter.lastAttemptAt).toBe(letter.deadAt);
      }
      expect(eventIds(await queue.listDeadLetters({ reason: 'BAD ID' }))).toEqual([
        'evt-2',
        'evt-3',
      ]);
      expect(eventIds(await queue.listDeadLetters({ eventName: 'sms.sent' }))).toEqual(['evt-2']);
      expect(eventIds(await queue.listDeadLetters({ kind: 'failed' }))).toEqual(['evt-1']);
      expect((await queue.listDeadLetters({ limit: 2 })).map((l) => l.id)).toEqual(
        all.slice(0, 2).map((letter) => letter.id),
      );

      const replayed = await queue.replayDeadLetters({ eventName: 'call.completed' });
      expect(eventIds(replayed)).toEqual(['evt-1', 'evt-3']);
      expect(eventIds(await queue.listDeadLetters())).toEqual(['evt-2']);
      const back = await queue.lease(10);
      expect(
        back
          .map((entry) => [entry.eventId, entry.attempts])
          .sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
      ).toEqual([
        ['evt-1', 0],
        ['evt-3', 0],
      ]);
      expect(back.find((entry) => entry.eventId === 'evt-1')!.event).toEqual(
        eventNamed('call.completed', 1).event,
      );
      expect(back.every((entry) => compareEntryIds(entry.id, ids[2]!) > 0)).toBe(true);

      expect(await queue.purgeDeadLetters({ reason: 'nothing like this' })).toBe(0);
      expect(await queue.purgeDeadLetters()).toBe(1);
      expect(await queue.listDeadLetters()).toEqual([]);
    });

    it('calls naming unknown ids are skipped', async () => {
      const queue = await create();
      const id = (await queue.append(eventNamed('call.completed', 1)))!;
      await queue.ack(['999999']);
      await queue.retry([{ id: '999998', notBefore: 0, reason: 'x' }]);
      await queue.deadLetter([{ id: '999997', kind: 'failed', reason: 'x' }]);
      await queue.release(['999996']);
      await queue.renew(['999995']);
      expect((await queue.lease(5)).map((entry) => entry.id)).toEqual([id]);
      expect(await queue.listDeadLetters()).toEqual([]);
    });

    if (contract.bounded === true) {
      it('refuses an append beyond maxQueueBytes, and takes again once room is freed', async () => {
        const one = eventNamed('call.completed', 1).bytes;
        const queue = await create({ maxQueueBytes: one * 2 });
        const a = await queue.append(eventNamed('call.completed', 1));
        await queue.append(eventNamed('call.completed', 2));
        expect(await queue.append(eventNamed('call.completed', 3))).toBeUndefined();
        await queue.ack([a!]);
        expect(await queue.append(eventNamed('call.completed', 4))).toBeTypeOf('string');
        expect((await queue.depth()).entries).toBe(2);
      });
    }

    if (contract.reopen !== undefined) {
      const reopen = contract.reopen;
      it('keeps entries, attempts and dead letters across a reopen; leases do not survive', async () => {
        const options = { visibilityMs: 60_000 };
        const queue = await make(options);
        const ids: string[] = [];
        for (let n = 0; n < 4; n++) ids.push((await queue.append(eventNamed('sms.sent', n)))!);
        await queue.lease(4);
        await queue.ack([ids[0]!]);
        await queue.retry([{ id: ids[1]!, notBefore: 0, reason: 'Braze answered 500' }]);
        await queue.deadLetter([{ id: ids[2]!, kind: 'rejected', reason: 'bad' }]);
        // ids[3] stays leased: the process "died" holding it.
        const again = await reopen(queue, options);
        open.push(again);
        const leased = await again.lease(10);
        expect(
          leased
            .map((entry) => [entry.eventId, entry.attempts, entry.lastReason])
            .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
        ).toEqual([
          ['evt-1', 1, 'Braze answered 500'],
          ['evt-3', 0, undefined],
        ]);
        expect(leased.find((entry) => entry.eventId === 'evt-3')!.body).toEqual(
          eventNamed('sms.sent', 3).body,
        );
        expect((await again.listDeadLetters()).map((letter) => letter.eventId)).toEqual(['evt-2']);
        const next = (await again.append(eventNamed('sms.sent', 9)))!;
        expect(compareEntryIds(next, ids[3]!)).toBeGreaterThan(0);
      });
    }
  });
}
