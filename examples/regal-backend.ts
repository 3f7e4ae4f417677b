// A backend sending the three Braze-to-Regal flows (create a contact, update an opt-in, send a
// custom event) with RegalClient.
//
// Offline by default: it starts a local mock of Regal's events API on 127.0.0.1 and prints what
// Regal would receive. To send to Regal for real: REGAL_LIVE=1 REGAL_API_KEY=… npx tsx examples/regal-backend.ts
//
//   npx tsx examples/regal-backend.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiError,
  RegalBrazeError,
  RegalClient,
  ValidationError,
  type Logger,
} from '../src/index.js';

interface SignupForm {
  id: string;
  phone: string;
  email: string;
  firstName: string;
  lastName: string;
  smsConsent: boolean;
  ip: string;
}

/** A mock of POST /events: prints each request and answers like Regal. */
async function startMockRegal(): Promise<{ url: string; close: () => void }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      console.log(`  mock Regal <- ${request.method} ${request.url} ${body}`);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"message":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** Step 1 of the partner page: a new contact, with the consent collected at signup. */
async function onSignup(regal: RegalClient, form: SignupForm): Promise<void> {
  await regal.createContact({
    userId: form.id,
    traits: {
      phone: form.phone, // national format is fine with defaultCountry
      email: form.email,
      firstName: form.firstName,
      lastName: form.lastName,
      optIn: [
        {
          channel: 'sms',
          subscribed: form.smsConsent,
          source: 'signup-form',
          timestamp: new Date(),
          ip: form.ip,
        },
      ],
      plan: 'trial', // a custom trait
    },
  });
}

/** Step 2: the user changed their SMS subscription in their account settings. */
async function onSmsPreferenceChanged(regal: RegalClient, phone: string, subscribed: boolean) {
  await regal.updateOptIn({
    traits: {
      phones: {
        [phone]: { smsOptIn: { subscribed, source: 'account-settings', timestamp: new Date() } },
      },
    },
  });
}

/** Step 3: a key event. No retries: Regal has no idempotency key, a retry could record it twice. */
async function onApplicationStep(regal: RegalClient, userId: string, step: number) {
  await regal.trackEvent(
    {
      userId,
      name: `Application Step ${step} Completed`,
      properties: { step, completedAt: new Date() },
    },
    { maxRetries: 0 },
  );
}

async function main(): Promise<void> {
  const live = process.env.REGAL_LIVE === '1';
  const mock = live ? undefined : await startMockRegal();
  const logger: Logger = { warn: (message) => console.log(`  [warn] ${message}`) };
  const regal = new RegalClient({
    apiKey: live ? process.env.REGAL_API_KEY : 'example-key',
    baseUrl: mock?.url, // undefined: REGAL_BASE_URL, else https://events.regalvoice.com
    defaultCountry: 'US',
    logger,
  });

  try {
    console.log('1. create a contact');
    await onSignup(regal, {
      id: 'user-8841',
      phone: '(213) 373-4253',
      email: 'jane.doe@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      smsConsent: true,
      ip: '203.0.113.7',
    });

    console.log('2. update an opt-in');
    await onSmsPreferenceChanged(regal, '+12133734253', false);

    console.log('3. send a custom event');
    await onApplicationStep(regal, 'user-8841', 1);

    console.log('4. bad input is refused before anything is sent');
    try {
      await regal.createContact({ traits: { phone: '555-0100' } });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      console.log(`  ${error.message}`);
    }
  } catch (error) {
    if (error instanceof ApiError) console.error(`Regal answered ${error.status}:`, error.body);
    else if (error instanceof RegalBrazeError) console.error(error.message);
    else throw error;
    process.exitCode = 1;
  } finally {
    mock?.close();
  }
}

await main();
