// The webhook bridge in a Node server: Regal posts its reporting webhooks here, the bridge
// answers at once and delivers them to Braze /users/track in batches.
//
// Offline by default: it starts a local mock of Braze on 127.0.0.1 (printing what Braze would
// receive), posts a few Regal webhooks to the bridge as Regal would, then shuts down cleanly.
//
//   npx tsx examples/bridge.ts
//
// For real: set REGAL_WEBHOOK_SECRET, BRAZE_API_KEY and BRAZE_REST_ENDPOINT, then
//   BRIDGE_LIVE=1 PORT=8787 npx tsx examples/bridge.ts
// and point a Regal reporting webhook at http(s)://<this host>:8787/regal with the header
// "Authorization: Bearer <REGAL_WEBHOOK_SECRET>". (`npx regal-braze serve` does the same.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createWebhookHandler,
  toNodeListener,
  type DeliveryFailure,
  type Logger,
} from '../src/index.js';

/** A mock of Braze POST /users/track: prints each request and answers like Braze. */
async function startMockBraze(): Promise<{ url: string; close: () => void }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      console.log(`  mock Braze <- ${request.method} ${request.url} ${body}`);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"message":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// Three webhooks as Regal sends them (abridged), the second one twice.
const WEBHOOKS = [
  {
    userId: 'user-8841',
    traits: { phone: '+17625555555', email: 'jane.doe@example.com' },
    name: 'call.completed',
    properties: {
      disposition: 'Converted During Convo',
      talk_time: 412,
      agent_fullname: 'Rebecca Greene',
    },
    originalTimestamp: '1657855059',
    eventSource: 'Regal Voice',
    eventId: 'evt-call-0001',
  },
  {
    userId: 'user-8841',
    traits: { phone: '+17625555555' },
    name: 'contact.attribute.edited',
    properties: {
      changes: { custom_properties: { plan: { old_value: 'trial', new_value: 'premium' } } },
    },
    originalTimestamp: '1657855120',
    eventSource: 'Regal Voice',
    eventId: 'evt-attr-0002',
  },
  {
    userId: 'user-8841',
    traits: { phone: '+17625555555' },
    name: 'sms.sent',
    properties: { content: 'Thanks for your time today!', from_number: '+19545558563' },
    originalTimestamp: '1657855200',
    eventSource: 'Regal Voice',
    eventId: 'evt-sms-0003',
  },
];

async function main(): Promise<void> {
  const live = process.env.BRIDGE_LIVE === '1';
  const mock = live ? undefined : await startMockBraze();
  const secret = live ? process.env.REGAL_WEBHOOK_SECRET : 'example-secret-0a9b8c';
  const logger: Logger = { info: (message) => console.log(`  [bridge] ${message}`) };

  const handler = createWebhookHandler({
    secret, // the value Regal sends; REGAL_WEBHOOK_SECRET when omitted
    braze: {
      apiKey: live ? process.env.BRAZE_API_KEY : 'example-key',
      restEndpoint: mock?.url ?? process.env.BRAZE_REST_ENDPOINT, // e.g. 'US-03'
    },
    transform: { eventNames: { 'sms.sent': 'Regal SMS Sent' } },
    flushIntervalMs: 500,
    logger,
    // Every accepted event that does not reach Braze comes here, with the event Regal sent:
    // store it somewhere durable to replay it.
    onDeliveryFailure: (failure: DeliveryFailure) => {
      console.error(`  not delivered: ${failure.eventId} (${failure.kind}): ${failure.reason}`);
    },
  });
  const server = createServer(toNodeListener(handler));
  const url = await listen(server, live ? Number(process.env.PORT ?? 8787) : 0);
  console.log(`bridge listening on ${url}`);

  const shutdown = async () => {
    server.close(); // stop taking connections
    await handler.close({ timeoutMs: 10_000 }); // deliver what is queued
    mock?.close();
    console.log('stats:', JSON.stringify(handler.stats()));
  };

  if (live) {
    process.once('SIGTERM', () => void shutdown());
    process.once('SIGINT', () => void shutdown());
    return;
  }

  const post = async (label: string, body: string, auth = `Bearer ${secret}`) => {
    const response = await fetch(`${url}/regal`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body,
    });
    console.log(`${label}: ${response.status} ${await response.text()}`);
  };

  console.log('1. Regal posts three webhooks (answered at once, delivered in one batch)');
  for (const webhook of WEBHOOKS) await post(`  ${webhook.name}`, JSON.stringify(webhook));
  console.log('2. the same event again is acknowledged, not forwarded');
  await post('  sms.sent again', JSON.stringify(WEBHOOKS[2]));
  console.log('3. what is not a valid Regal event is refused with the reason');
  await post(
    '  no identifier',
    JSON.stringify({ name: 'sms.sent', originalTimestamp: '1657855200' }),
  );
  console.log('4. a request without the secret is refused');
  await post('  wrong secret', JSON.stringify(WEBHOOKS[0]), 'Bearer guess');
  console.log('5. shut down: flush, then stop');
  await shutdown();
}

await main();
