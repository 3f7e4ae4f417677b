// Two `regal-braze serve --redis-url` processes on one real Redis, webhooks spread over both,
// one of them killed with kill -9 mid-stream: the survivor takes over what the dead one held
// (after --visibility-timeout) and every acknowledged event reaches the mock Braze; the only
// duplicates are objects the dead instance had sent before the kill and the survivor sent again
// after claiming them (counted). REDIS_CRASH_TRIALS=N
// runs N trials (default 3).
import { Random } from '../../src/testing/factories/random.js';
import { afterAll, expect, it } from 'vitest';
import { CLI_PATH } from '../support/cli.js';
import { spawnServe, type Serve } from '../support/crash.js';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { describeWithRedis } from '../support/redis.js';
import { countByExternalId, expectedBody, regalEvent } from '../support/regal-events.js';
import { GROUP_ARGS, SERVE_KEY, SERVE_SECRET } from '../support/serve.js';

const TRIALS = Number(process.env.REDIS_CRASH_TRIALS ?? 3);
const VISIBILITY_MS = 2_000;
/** Each trial on a Redis database of its own (0 is the other tests'). */
const FIRST_DB = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function serve(redisUrl: string, brazeUrl: string): Serve {
  return spawnServe(
    CLI_PATH,
    [
      '--flush-interval',
      '50',
      '--redis-url',
      redisUrl,
      '--visibility-timeout',
      String(VISIBILITY_MS),
      ...GROUP_ARGS,
    ],
    {
      REGAL_WEBHOOK_SECRET: SERVE_SECRET,
      BRAZE_API_KEY: SERVE_KEY,
      BRAZE_REST_ENDPOINT: brazeUrl,
    },
  );
}

async function post(url: string, i: number): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${SERVE_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify(regalEvent(i)),
    });
    await response.arrayBuffer();
    return response.status === 202;
  } catch {
    return false; // the process died with the request in flight: not acknowledged
  }
}

function objectsOf(i: number): number {
  const body = expectedBody(regalEvent(i));
  return (body.attributes?.length ?? 0) + (body.events?.length ?? 0);
}

async function flushDb(url: string): Promise<void> {
  const { createClient } = await import('@redis/client');
  const client = createClient({ url });
  await client.connect();
  await client.sendCommand(['FLUSHDB']);
  await client.close();
}

interface Trial {
  acknowledged: number;
  lost: number;
  duplicated: number;
  /** Objects sent twice: first by the dead instance before the kill, then after the claim. */
  inFlightAtKill: number;
  /** Objects sent twice otherwise (must be 0). */
  unexplained: number;
  killedAfterMs: number;
}

async function trial(baseUrl: string, index: number): Promise<Trial> {
  const redis = new URL(baseUrl);
  redis.pathname = `/${FIRST_DB + index}`;
  const redisUrl = redis.href;
  await flushDb(redisUrl);
  const random = (
    (random) => () =>
      random.next()
  )(new Random(String(100 + index), 'crash-trial'));
  const arrivals: number[] = [];
  // A little slow, so that batches are in flight when the kill comes.
  const braze: MockBraze = await startMockBraze((request) => {
    arrivals[request.index] = Date.now();
    return { status: 201, body: { message: 'success' }, delayMs: 150 };
  });
  // Each instance has its own path on the mock, so every request says who sent it.
  const doomed = serve(redisUrl, `${braze.url}/doomed`);
  const survivor = serve(redisUrl, `${braze.url}/survivor`);
  try {
    const urls = await Promise.all([doomed.url, survivor.url]);
    const started = Date.now();
    let stopped = false;
    const acknowledged: number[] = [];
    let next = 0;
    const worker = async (w: number) => {
      while (!stopped && next < 6_000) {
        const i = next++;
        if (await post(urls[(i + w) % 2]!, i)) acknowledged.push(i);
      }
    };
    const sending = Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    await sleep(500 + random() * 2_000);
    const killAt = Date.now();
    doomed.child.kill('SIGKILL');
    await sleep(500); // webhooks keep coming, to the survivor only
    stopped = true;
    await sending;
    await doomed.exited;

    const times = () => {
      const counts = countByExternalId([...braze.accepted.attributes, ...braze.accepted.events]);
      return (i: number) => (counts.get(`user-${i}`) ?? 0) / objectsOf(i);
    };
    const deadline = Date.now() + 60_000;
    while (!acknowledged.every((i) => times()(i) >= 1) && Date.now() < deadline) await sleep(100);
    while (braze.concurrency.now > 0 && Date.now() < deadline) await sleep(50);
    await sleep(300);

    const delivered = times();
    const lost = acknowledged.filter((i) => delivered(i) === 0).length;
    let duplicated = 0;
    for (let i = 0; i < next; i++) duplicated += Math.max(0, Math.round(delivered(i)) - 1);
    // Who sent each copy of each object, and when Braze got it.
    const copies = new Map<string, { doomed: boolean; at: number }[]>();
    braze.requests.forEach((request, at) => {
      if (request.status !== 201 || request.body === undefined) return;
      const copy = { doomed: request.url.startsWith('/doomed/'), at: arrivals[at] ?? 0 };
      const objects = [...(request.body.attributes ?? []), ...(request.body.events ?? [])];
      // One copy per request, however many objects of the event it carries.
      for (const id of new Set(objects.map((object) => String(object.external_id)))) {
        copies.set(id, [...(copies.get(id) ?? []), copy]);
      }
    });
    // A duplicate is legitimate only when the dead instance sent the first copy (its answer never
    // recorded) and the survivor sent the others after the kill, having claimed the batch. Two
    // copies from one instance, or from both while both were alive, would be a double delivery.
    let inFlightAtKill = 0;
    let unexplained = 0;
    for (const sent of copies.values()) {
      if (sent.length < 2) continue;
      const [first, ...later] = [...sent].sort((a, b) => a.at - b.at);
      if (first!.doomed && later.every((copy) => !copy.doomed && copy.at >= killAt)) {
        inFlightAtKill += later.length;
      } else unexplained += later.length;
    }
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
    return {
      acknowledged: acknowledged.length,
      lost,
      duplicated,
      inFlightAtKill,
      unexplained,
      killedAfterMs: killAt - started,
    };
  } finally {
    if (doomed.child.exitCode === null) doomed.child.kill('SIGKILL');
    if (survivor.child.exitCode === null) survivor.child.kill('SIGKILL');
    await braze.close();
  }
}

describeWithRedis('two serve processes on one Redis, one killed with kill -9', (url) => {
  const results: Trial[] = [];
  afterAll(() => {
    const sum = (key: keyof Trial) => results.reduce((total, result) => total + result[key], 0);
    // The figures docs/bridge.md quotes come from this line.
    console.log(
      `redis two-instance crash trials: ${results.length} trial(s), ${sum('acknowledged')} acknowledged, ${sum('lost')} lost, ${sum('duplicated')} duplicated (objects sent by the killed instance before the kill and again after the claim: ${sum('inFlightAtKill')}; otherwise: ${sum('unexplained')})`,
    );
  });

  it(
    `${TRIALS} trial(s): 0 acknowledged events lost, duplicates only from requests in flight`,
    async () => {
      for (let index = 0; index < TRIALS; index++) {
        const result = await trial(url, index);
        results.push(result);
        expect(result.acknowledged, 'webhooks acknowledged').toBeGreaterThan(0);
        expect(result.lost, JSON.stringify(result)).toBe(0);
        expect(result.unexplained, JSON.stringify(result)).toBe(0);
        expect(result.duplicated, JSON.stringify(result)).toBe(result.inFlightAtKill);
      }
    },
    TRIALS * 90_000,
  );
});
