// RegalClient against real sockets on 127.0.0.1: a full round trip, and a refused connection.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError, RegalClient } from '../../src/index.js';
import { closedPort, startLocalServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('RegalClient over a real socket', () => {
  it('creates a contact: the server receives the exact body and headers', async () => {
    server = await startLocalServer();
    const regal = new RegalClient({
      apiKey: 'local-key',
      baseUrl: server.url,
      defaultCountry: 'GB',
    });
    const result = await regal.createContact({ traits: { phone: '07911 123456' } });
    expect(result).toEqual({ status: 200, body: { message: 'ok' } });
    expect(server.arrivals).toEqual([
      {
        method: 'POST',
        url: '/events',
        headers: expect.objectContaining({
          authorization: 'local-key',
          'content-type': 'application/json',
          'user-agent': 'regal-braze/0.2.0',
        }) as unknown,
        body: '{"traits":{"phone":"+447911123456"},"eventSource":"braze"}',
        receivedAt: expect.any(Number) as unknown,
      },
    ]);
  });

  it('connection refused: ConnectionError after the retries', async () => {
    const port = await closedPort();
    const regal = new RegalClient({ apiKey: 'local-key', baseUrl: `http://127.0.0.1:${port}` });
    const error = await regal
      .trackEvent({ userId: 'u', name: 'X' }, { maxRetries: 1 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ service: 'regal', attempts: 2 });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
