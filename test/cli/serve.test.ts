// `regal-braze serve` as a process: it starts, takes the seed payloads, delivers exactly the
// bodies the transforms make to a mock Braze on 127.0.0.1, and on SIGTERM flushes and exits 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startMockBraze, type MockBraze } from '../support/mock-braze.js';
import { fixture } from '../support/fixtures.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { transformRegalEvent } from '../../src/index.js';
import { parsePrometheusText, sampleValue } from '../support/prometheus.js';

const SECRET = 'serve-secret-4b8e2a';
const KEY = 'serve-braze-key-93c1d0';
const SEEDS = [
  'call.completed',
  'contact.attribute.edited',
  'contact.experiment.assigned',
  'contact.unsubscribed',
];

let braze: MockBraze | undefined;
let cli: RunningCli | undefined;
const dataDirs = mkdtempSync(join(tmpdir(), 'regal-braze-serve-'));
let dataDir = '';
afterAll(() => rmSync(dataDirs, { recursive: true, force: true }));

afterEach(async () => {
  if (cli !== undefined && cli.child.exitCode === null) cli.child.kill('SIGKILL');
  await braze?.close();
  braze = cli = undefined;
});

async function start(extraArgs: string[] = [], { fresh = true, groups = true } = {}) {
  braze ??= await startMockBraze();
  if (fresh) dataDir = mkdtempSync(join(dataDirs, 'data-'));
  cli = startCli(
    [
      'serve',
      '--port',
      '0',
      ...(groups
        ? ['--subscription-group', 'voice=group-voice', '--subscription-group', 'sms=group-sms']
        : []),
      ...extraArgs,
    ],
    {
      REGAL_WEBHOOK_SECRET: SECRET,
      BRAZE_API_KEY: KEY,
      BRAZE_REST_ENDPOINT: braze.url,
      REGAL_BRAZE_DATA_DIR: dataDir,
    },
  );
  const [, url] = await cli.waitForStderr(/listening on (http:\/\/127\.0\.0\.1:\d+) /);
  return url as string;
}

function post(url: string, body: unknown, secret = SECRET) {
  return fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('regal-braze serve', () => {
  it('--memory: delivers the seed payloads to Braze and exits 0 after flushing on SIGTERM', async () => {
    // A long interval: only the shutdown can have sent them.
    const url = await start(['--flush-interval', '60000', '--memory']);
    expect(cli!.output.stderr).toContain(
      'regal-braze serve: queue: in memory (--memory): a crash or kill loses every event queued and not yet delivered\n',
    );
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', received: 0 });

    const seeds = SEEDS.map((name) => fixture(name));
    const statuses = [];
    for (const [i, seed] of seeds.entries()) {
      statuses.push((await post(i % 2 === 0 ? `${url}/` : `${url}/regal`, seed)).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202]);
    expect((await post(url, seeds[0], 'wrong')).status).toBe(401);
    expect((await fetch(`${url}/other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${url}/regal`)).status).toBe(405);
    expect(braze!.requests).toHaveLength(0);

    cli!.child.kill('SIGTERM');
    expect(await cli!.exited).toBe(0);

    const options = { subscriptionGroups: { voice: 'group-voice', sms: 'group-sms' } };
    const expected = seeds.map((seed) => transformRegalEvent(seed, options)!);
    expect(braze!.requests).toHaveLength(1);
    expect(braze!.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(braze!.requests[0]?.body).toEqual({
      attributes: expected.flatMap((body) => body.attributes ?? []),
      events: expected.flatMap((body) => body.events ?? []),
    });
    expect(expected.map((body) => Object.keys(body))).toEqual([
      ['events'],
      ['attributes'],
      ['events'],
      ['attributes'],
    ]);
    const stderr = cli!.output.stderr;
    expect(stderr).toMatch(
      /^regal-braze serve: SIGTERM: shutting down: new webhooks get 503, delivering 4 queued event\(s\) /m,
    );
    expect(stderr).toMatch(
      /^regal-braze serve: braze batch 1: 4 event\(s\), 4 object\(s\), 1 request\(s\), 1 attempt\(s\): 4 delivered, 0 failed in \d+ ms$/m,
    );
    expect(stderr).toMatch(
      /^regal-braze serve: stopped: 4 event\(s\) accepted, 4 delivered, 0 failed/m,
    );
    expect(stderr).not.toContain(SECRET);
    expect(stderr).not.toContain(KEY);
  });

  it('by default keeps the queue in --data-dir: SIGTERM leaves what is queued there, the next start delivers it', async () => {
    const url = await start(['--flush-interval', '60000']);
    expect(cli!.output.stderr).toContain(
      `regal-braze serve: queue: sqlite ${join(dataDir, 'queue.db')} (WAL, synchronous=NORMAL); accepted events survive a crash, the next start delivers what is left\n`,
    );
    for (const seed of SEEDS) expect((await post(url, fixture(seed))).status).toBe(202);
    cli!.child.kill('SIGTERM');
    expect(await cli!.exited).toBe(0);
    expect(cli!.output.stderr).toMatch(
      /^regal-braze serve: SIGTERM: shutting down: new webhooks get 503, finishing 0 event\(s\) in flight \(8000 ms at most; a second signal exits at once\); 4 stay queued for the next start$/m,
    );
    expect(cli!.output.stderr).toMatch(
      /^regal-braze serve: 4 event\(s\) stay queued in sqlite .*queue\.db .*; the next start delivers them$/m,
    );
    expect(braze!.requests).toHaveLength(0);

    await start(['--flush-interval', '0'], { fresh: false });
    await cli!.waitForStderr(/braze batch 1: 4 event\(s\)/);
    expect(braze!.requests).toHaveLength(1);
    expect(braze!.accepted.events.length + braze!.accepted.attributes.length).toBe(4);
    cli!.child.kill('SIGTERM');
    expect(await cli!.exited).toBe(0);
  });

  it('logs each dead letter, and says how to act on them', async () => {
    const url = await start(['--flush-interval', '0']);
    braze!.respond(() => ({ status: 400, body: { message: 'bad request' } }));
    expect((await post(url, { ...fixture('sms.sent'), eventId: 'evt-\n1' })).status).toBe(202);
    await cli!.waitForStderr(/delivery failed/);
    cli!.child.kill('SIGINT');
    expect(await cli!.exited).toBe(0);
    expect(cli!.output.stderr).toContain(
      'regal-braze serve: delivery failed (failed) for Regal event evt-\\n1 (sms.sent): Braze API answered 400: bad request\n',
    );
    expect(cli!.output.stderr).toContain(
      'dead letters are kept in the queue: regal-braze dead-letters list shows them, replay sends them again',
    );
  });

  it('--memory with a failure: says where dead letters go in code', async () => {
    const url = await start(['--flush-interval', '0', '--memory']);
    braze!.respond(() => ({ status: 400, body: { message: 'bad request' } }));
    expect((await post(url, fixture('sms.sent'))).status).toBe(202);
    await cli!.waitForStderr(/delivery failed/);
    cli!.child.kill('SIGINT');
    expect(await cli!.exited).toBe(0);
    expect(cli!.output.stderr).toContain('createWebhookHandler({ onDeliveryFailure })');
  });

  it('a subscription event with no group for its channel: the 400 names the flag to pass', async () => {
    const url = await start(['--memory'], { groups: false });
    const answer = await post(url, fixture('contact.unsubscribed'));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: 'invalid_event',
      issues: [
        {
          path: 'properties.channel',
          message:
            'no Braze subscription group for channel "voice": pass --subscription-group voice=ID',
        },
      ],
    });
  });

  it('GET /metrics: Prometheus text that parses, counting what the bridge did', async () => {
    const url = await start(['--flush-interval', '0']);
    expect((await post(url, fixture('sms.sent'))).status).toBe(202);
    expect((await post(url, fixture('sms.sent'), 'wrong')).status).toBe(401);
    await cli!.waitForStderr(/braze batch 1: /);
    const scrape = await fetch(`${url}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(await scrape.text());
    expect(sampleValue(families, 'regal_braze_events_accepted_total')).toBe(1);
    expect(sampleValue(families, 'regal_braze_events_delivered_total')).toBe(1);
    expect(
      sampleValue(families, 'regal_braze_webhooks_rejected_total', { reason: 'unauthorized' }),
    ).toBe(1);
    expect(
      sampleValue(families, 'regal_braze_braze_request_duration_seconds_count', { outcome: '2xx' }),
    ).toBe(1);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('Braze refusing the key: /healthz says delivery is paused, /metrics too', async () => {
    const url = await start(['--flush-interval', '0']);
    braze!.respond(() => ({ status: 401, body: { message: 'Invalid API Key' } }));
    expect((await post(url, fixture('sms.sent'))).status).toBe(202);
    await cli!.waitForStderr(/Braze refused the API key \(401\/403\): delivery paused/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'delivery-paused',
      delivery: 'unauthorized',
      message:
        'Braze refuses the API key (401/403): delivery is paused, accepted events wait; fix BRAZE_API_KEY',
    });
    const families = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
    expect(sampleValue(families, 'regal_braze_delivery_paused')).toBe(1);
    expect(sampleValue(families, 'regal_braze_delivery_state', { state: 'unauthorized' })).toBe(1);
    expect(sampleValue(families, 'regal_braze_delivery_state', { state: 'delivering' })).toBe(0);
    expect(sampleValue(families, 'regal_braze_queue_events')).toBe(1);
    expect(
      sampleValue(families, 'regal_braze_braze_request_duration_seconds_count', { outcome: '4xx' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('queue flags: exclusive, and a bad --max-event-age, exit 2', async () => {
    const both = await runCli(['serve', '--memory', '--data-dir', '/tmp/x']);
    expect(both).toMatchObject({ code: 2 });
    expect(both.stderr).toContain(
      'regal-braze: --data-dir and --memory are exclusive: choose one queue',
    );
    const age = await runCli(['serve', '--max-event-age', '1 day']);
    expect(age).toMatchObject({ code: 2 });
    expect(age.stderr).toContain(
      'regal-braze: --max-event-age expects a duration such as 90m, 24h or 3d (or milliseconds), up to 24d, got "1 day"',
    );
  });

  it('--braze-request-limit chooses how a batch counts its objects (default 75 in all)', async () => {
    const sizes = async (extra: string[]) => {
      const url = await start(['--flush-interval', '60000', '--memory', ...extra]);
      for (let i = 0; i < 80; i++) {
        const seed = fixture(i % 2 === 0 ? 'call.completed' : 'contact.attribute.edited');
        const event = { ...seed, eventId: `evt-${i}` };
        expect((await post(url, event)).status).toBe(202);
      }
      cli!.child.kill('SIGTERM');
      expect(await cli!.exited).toBe(0);
      const counts = braze!.requests.map((request) => {
        const body = request.body as { events?: unknown[]; attributes?: unknown[] };
        return (body.events?.length ?? 0) + (body.attributes?.length ?? 0);
      });
      await braze!.close();
      braze = undefined;
      return counts;
    };
    // 40 events and 40 attributes objects: one request under the legacy per-array rule.
    expect(await sizes([])).toEqual([75, 5]);
    expect(await sizes(['--braze-request-limit', '75-per-array'])).toEqual([80]);
    expect(await sizes(['--braze-request-limit', '50-combined'])).toEqual([50, 30]);
  });

  it('a bad --braze-request-limit: exit 2 naming the flag and the choices', async () => {
    cli = startCli(['serve', '--port', '0', '--braze-request-limit', '75'], {
      REGAL_WEBHOOK_SECRET: SECRET,
      BRAZE_API_KEY: KEY,
      BRAZE_REST_ENDPOINT: 'US-01',
    });
    expect(await cli.exited).toBe(2);
    expect(cli.output.stderr).toMatch(
      /^regal-braze: --braze-request-limit: must be one of "75-combined", "50-combined", "75-per-array"\n/,
    );
  });

  it('every line goes through the masking logger: a payload carrying the secret is masked', async () => {
    const url = await start(['--flush-interval', '0']);
    braze!.respond(() => ({ status: 400, body: { message: `bad key ${KEY}` } }));
    const event = { ...fixture('sms.sent'), eventId: `evt-${SECRET}`, name: 'sms.sent' };
    expect((await post(url, event)).status).toBe(202);
    await cli!.waitForStderr(/delivery failed/);
    cli!.child.kill('SIGTERM');
    expect(await cli!.exited).toBe(0);
    const stderr = cli!.output.stderr;
    expect(stderr).toContain(
      'regal-braze serve: delivery failed (failed) for Regal event evt-[redacted] (sms.sent): Braze API answered 400: bad key [redacted]\n',
    );
    expect(stderr).not.toContain(SECRET);
    expect(stderr).not.toContain(KEY);
  });

  it('a secret or key too short: exit 2 saying why', async () => {
    cli = startCli(['serve', '--port', '0'], {
      REGAL_WEBHOOK_SECRET: 'short',
      BRAZE_API_KEY: KEY,
      BRAZE_REST_ENDPOINT: 'US-01',
    });
    expect(await cli.exited).toBe(2);
    expect(cli.output.stderr).toMatch(
      /^regal-braze: REGAL_WEBHOOK_SECRET: is shorter than 16 characters: a shared secret must be hard to guess \(make one with `openssl rand -hex 24`\)\n/,
    );
    cli = startCli(['serve', '--port', '0'], {
      REGAL_WEBHOOK_SECRET: SECRET,
      BRAZE_API_KEY: 'k',
      BRAZE_REST_ENDPOINT: 'US-01',
    });
    expect(await cli.exited).toBe(2);
    expect(cli.output.stderr).toMatch(
      /^regal-braze: BRAZE_API_KEY: is shorter than 8 characters: Regal and Braze API keys are much longer/,
    );
  });

  it('missing environment: exit 2 naming the variables', async () => {
    cli = startCli(['serve'], { BRAZE_REST_ENDPOINT: 'US-01' });
    expect(await cli.exited).toBe(2);
    expect(cli.output.stderr).toMatch(
      /^regal-braze: set the environment variable\(s\) REGAL_WEBHOOK_SECRET, BRAZE_API_KEY\n/,
    );
  });

  it('a bad BRAZE_REST_ENDPOINT: exit 2 naming it', async () => {
    cli = startCli(['serve', '--port', '0'], {
      REGAL_WEBHOOK_SECRET: SECRET,
      BRAZE_API_KEY: KEY,
      BRAZE_REST_ENDPOINT: 'US-42',
    });
    expect(await cli.exited).toBe(2);
    expect(cli.output.stderr).toMatch(
      /^regal-braze: BRAZE_REST_ENDPOINT: is not a known Braze instance \(US-01, /,
    );
  });

  it('bad flags: exit 2', async () => {
    const result = await runCli(['serve', '--port', 'eighty']);
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toContain(
      'regal-braze: --port expects a whole number from 0 to 65535, got "eighty"',
    );
  });

  it('--help describes routes, environment and signals', async () => {
    const { code, stdout } = await runCli(['serve', '--help']);
    expect(code).toBe(0);
    for (const text of [
      'REGAL_WEBHOOK_SECRET',
      'BRAZE_API_KEY',
      'BRAZE_REST_ENDPOINT',
      'GET /healthz',
      'SIGTERM',
    ]) {
      expect(stdout).toContain(text);
    }
  });
});
