// Smoke test of the built CommonJS package making real requests: `require('regal-braze')`, then
// RegalClient against a local HTTP server on 127.0.0.1. Catches the ESM-only-dependency-in-CJS
// trap (ky's case): a CJS build that loads fine and fails on first use. CI
// runs it twice, the second time without require(esm), as bundlers and other runtimes do.
// Also checks that the `regal-braze/transforms` build pulls in neither ky nor libphonenumber-js.
'use strict';

const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const {
  RegalClient,
  AuthenticationError,
  RegalBrazeError,
  BrazeClient,
  createWebhookHandler,
  toNodeListener,
} = require('regal-braze');

/** Files reachable from a built entry through relative imports/requires. */
function moduleGraph(entry) {
  const seen = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(/(?:from\s*|require\()\s*["'](\.[^"']+)["']/g)) {
      pending.push(path.resolve(path.dirname(file), specifier));
    }
  }
  return [...seen];
}

function checkTransformsStayPure() {
  const dist = path.join(__dirname, '..', 'dist');
  for (const entry of ['transforms.js', 'transforms.cjs']) {
    for (const file of moduleGraph(path.join(dist, entry))) {
      const source = readFileSync(file, 'utf8');
      for (const banned of ['ky', 'libphonenumber-js']) {
        assert.doesNotMatch(
          source,
          new RegExp(`(?:from\\s*|require\\()\\s*["']${banned}[/"']`),
          `${path.basename(file)} (reached from ${entry}) imports ${banned}`,
        );
      }
      // ky bundled inline (the CJS build bundles it) would bring this message along.
      assert.ok(!source.includes('when using `prefixUrl`'), `${path.basename(file)} bundles ky`);
    }
  }
}

/** BrazeClient and the webhook bridge from the CJS build, against a mock Braze on 127.0.0.1. */
async function checkBridge() {
  const received = [];
  const braze = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ url: request.url, authorization: request.headers.authorization, body });
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"message":"success"}');
    });
  });
  await new Promise((resolve) => braze.listen(0, '127.0.0.1', resolve));
  const restEndpoint = `http://127.0.0.1:${braze.address().port}`;
  const handler = createWebhookHandler({
    secret: 'smoke-secret-0123456789',
    braze: new BrazeClient({ apiKey: 'smoke-braze-key', restEndpoint }),
  });
  const bridge = http.createServer(toNodeListener(handler));
  await new Promise((resolve) => bridge.listen(0, '127.0.0.1', resolve));
  try {
    const seed = readFileSync(
      path.join(__dirname, '..', 'src/testing/fixtures/call.completed.json'),
    );
    const answer = await new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: bridge.address().port,
          method: 'POST',
          headers: {
            authorization: 'Bearer smoke-secret-0123456789',
            'content-type': 'application/json',
          },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode, text }));
        },
      );
      request.on('error', reject);
      request.end(seed);
    });
    assert.deepEqual(answer, { status: 202, text: '{"status":"queued"}' });
    await handler.close();
    assert.equal(received.length, 1);
    assert.equal(received[0].url, '/users/track');
    assert.equal(received[0].authorization, 'Bearer smoke-braze-key');
    assert.equal(JSON.parse(received[0].body).events[0].name, 'Call Completed');
  } finally {
    bridge.close();
    braze.close();
  }
}

async function main() {
  checkTransformsStayPure();
  await checkBridge();

  const received = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ url: request.url, authorization: request.headers.authorization, body });
      const refuse = request.headers.authorization !== 'smoke-key';
      response.writeHead(refuse ? 401 : 200, { 'content-type': 'application/json' });
      response.end(refuse ? '{"message":"Unauthorized"}' : '{"message":"ok"}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;

  try {
    const regal = new RegalClient({ apiKey: 'smoke-key', baseUrl, defaultCountry: 'US' });
    const result = await regal.createContact({
      userId: 'smoke-1',
      traits: { phone: '(213) 373-4253', email: 'smoke@example.com' },
    });
    assert.deepEqual(result, { status: 200, body: { message: 'ok' } });
    assert.deepEqual(received[0], {
      url: '/events',
      authorization: 'smoke-key',
      body: '{"userId":"smoke-1","traits":{"phone":"+12133734253","email":"smoke@example.com"},"eventSource":"braze"}',
    });

    const refused = new RegalClient({ apiKey: 'wrong-key', baseUrl, maxRetries: 0 });
    const error = await refused.trackEvent({ userId: 'smoke-1', name: 'Smoke' }).then(
      () => assert.fail('expected a 401'),
      (caught) => caught,
    );
    assert.ok(error instanceof AuthenticationError, 'a 401 is an AuthenticationError');
    assert.ok(error instanceof RegalBrazeError);
    assert.equal(error.status, 401);
  } finally {
    server.close();
  }
  console.log(
    'smoke: CJS RegalClient and the webhook bridge made real requests; transforms build has no ky/libphonenumber',
  );
}

main().catch((error) => {
  console.error(error);
  // Exit now: a server or bridge left open by the failed check would keep the process alive.
  process.exit(1);
});
