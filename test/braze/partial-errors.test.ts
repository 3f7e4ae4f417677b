// Braze's partial successes: `errors` entries ({ input_array, index } of the request it saw) are
// mapped back to the caller's bodies and indexes, across split requests.
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BrazeClient, type BrazeEvent, type UsersTrackRequest } from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();
const URL = 'https://rest.fra-02.braze.eu/users/track';

function event(i: number): BrazeEvent {
  return { external_id: `user-${i}`, name: 'SMS Sent', time: '2024-05-01T10:00:00.000Z' };
}

const MISSING_ID = "'external_id' or 'braze_id' or 'user_alias' is required";

describe('BrazeClient.track partial errors', () => {
  it('maps errors of each split request to the right body and index', async () => {
    // Legacy rule, 75 per array. 50 bodies of 1 attributes object + 2 events: request 1 has 50
    // attributes and 75 events (bodies 0-37), request 2 has 25 events (bodies 37-49).
    const bodies: UsersTrackRequest[] = Array.from({ length: 50 }, (_, i) => ({
      attributes: [{ external_id: `user-${i}`, tier: i }],
      events: [event(2 * i), event(2 * i + 1)],
    }));
    recordPosts(server, URL, (index) =>
      HttpResponse.json(
        index === 0
          ? {
              message: 'success',
              attributes_processed: 49,
              events_processed: 74,
              errors: [
                { type: 'Invalid attribute', input_array: 'attributes', index: 12 },
                { type: MISSING_ID, input_array: 'events', index: 74 },
              ],
            }
          : {
              message: 'success',
              events_processed: 24,
              errors: [{ type: 'Event name too long', input_array: 'events', index: 0 }],
            },
        { status: 201 },
      ),
    );
    const result = await new BrazeClient({
      apiKey: 'test-api-key',
      restEndpoint: 'eu-02',
      requestLimit: '75-per-array',
      maxConcurrentRequests: 1,
    }).track(bodies);

    expect(result).toMatchObject({ ok: false, accepted: 147, rejected: 3, failed: 0, requests: 2 });
    // Request 1, events[74] = the 75th event = body 37's first event; request 2, events[0] =
    // the 76th event = body 37's second event.
    expect(result.errors).toEqual([
      {
        status: 'rejected',
        reason: 'Invalid attribute',
        body: 12,
        array: 'attributes',
        index: 0,
        object: { external_id: 'user-12', tier: 12 },
      },
      {
        status: 'rejected',
        reason: MISSING_ID,
        body: 37,
        array: 'events',
        index: 0,
        object: event(74),
      },
      {
        status: 'rejected',
        reason: 'Event name too long',
        body: 37,
        array: 'events',
        index: 1,
        object: event(75),
      },
    ]);
    expect(result.bodies[37]).toEqual({
      attributes: [{ status: 'accepted' }],
      events: [
        { status: 'rejected', reason: MISSING_ID },
        { status: 'rejected', reason: 'Event name too long' },
      ],
    });
    expect(result.bodies[36]?.events).toEqual([{ status: 'accepted' }, { status: 'accepted' }]);
  });

  it('ignores malformed or out-of-range errors entries (the objects count as accepted)', async () => {
    recordPosts(server, URL, () =>
      HttpResponse.json(
        {
          message: 'success',
          errors: [
            { type: 'x', input_array: 'events', index: 5 },
            { type: 'x', input_array: 'users', index: 0 },
            { type: 'x', input_array: 'events', index: '0' },
            'oops',
            null,
          ],
        },
        { status: 201 },
      ),
    );
    const result = await new BrazeClient({
      apiKey: 'test-api-key',
      restEndpoint: URL.replace('/users/track', ''),
    }).track({
      events: [event(1)],
    });
    expect(result).toMatchObject({ ok: true, accepted: 1, rejected: 0, errors: [] });
  });

  it('a 2xx answer that is not JSON counts as accepted', async () => {
    recordPosts(server, URL, () => new HttpResponse('queued', { status: 202 }));
    const result = await new BrazeClient({ apiKey: 'test-api-key', restEndpoint: 'EU-02' }).track({
      events: [event(1)],
    });
    expect(result).toMatchObject({ ok: true, accepted: 1 });
  });

  it('logs one warning per request with refused objects, payload text escaped', async () => {
    recordPosts(server, URL, () =>
      HttpResponse.json(
        {
          message: 'success',
          errors: [{ type: 'bad\nvalue\u001b[31m', input_array: 'events', index: 0 }],
        },
        { status: 201 },
      ),
    );
    const lines: string[] = [];
    await new BrazeClient({
      apiKey: 'test-api-key',
      restEndpoint: 'EU-02',
      logger: { warn: (message) => lines.push(message) },
    }).track({ events: [event(1), event(2)] });
    expect(lines).toEqual([
      'braze POST users/track: Braze refused 1 of 2 objects (events[0]: bad\\nvalue\\u001b[31m)',
    ]);
  });

  it('errors that name no object of the request are logged, and the objects count as accepted', async () => {
    recordPosts(server, URL, () =>
      HttpResponse.json(
        { message: 'success', errors: [{ type: 'mystery', input_array: 'events', index: 9 }] },
        { status: 201 },
      ),
    );
    const warnings: string[] = [];
    const result = await new BrazeClient({
      apiKey: 'braze-test-key',
      restEndpoint: 'EU-02',
      logger: { warn: (message) => void warnings.push(message) },
    }).track({ events: [event(1)] });
    expect(result).toMatchObject({ ok: true, accepted: 1 });
    expect(warnings).toEqual([
      'braze POST users/track: Braze listed 1 error(s) that name no object of the request of 1; counted as accepted (first: {"type":"mystery","input_array":"events","index":9})',
    ]);
  });
});
