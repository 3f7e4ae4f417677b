// What RegalClient logs about its input: a warning for opt-ins Regal may ignore.
import { describe, expect, it } from 'vitest';
import { RegalClient, type LogFields } from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();
const URL = 'https://events.regalvoice.com/events';

function regal() {
  const warnings: [string, LogFields | undefined][] = [];
  const client = new RegalClient({
    apiKey: 'logging-key',
    logger: { warn: (message, fields) => warnings.push([message, fields]) },
  });
  return { client, warnings };
}

describe('RegalClient warnings', () => {
  it('warns, and still sends, when an opt-in has no timestamp', async () => {
    const requests = recordPosts(server, URL);
    const { client, warnings } = regal();
    await client.updateOptIn({
      traits: {
        phone: '+12133734253',
        optIn: [
          { channel: 'sms', subscribed: true },
          { channel: 'voice', subscribed: true, timestamp: new Date() },
        ],
      },
    });
    await client.createContact({
      traits: { phones: { '+12133734253': { voiceOptIn: { subscribed: false } } } },
    });
    expect(requests).toHaveLength(2);
    expect(warnings).toEqual([
      [
        'regal updateOptIn: traits.optIn[0].timestamp is missing: Regal may ignore an opt-in without a timestamp',
        { service: 'regal', method: 'updateOptIn', path: 'traits.optIn[0].timestamp' },
      ],
      [
        'regal createContact: traits.phones["+12133734253"].voiceOptIn.timestamp is missing: Regal may ignore an opt-in without a timestamp',
        {
          service: 'regal',
          method: 'createContact',
          path: 'traits.phones["+12133734253"].voiceOptIn.timestamp',
        },
      ],
    ]);
  });

  it('is quiet when every opt-in has a timestamp', async () => {
    recordPosts(server, URL);
    const { client, warnings } = regal();
    await client.updateOptIn({
      traits: {
        email: 'a@b.co',
        optIn: [{ channel: 'email', subscribed: false, timestamp: '2024-05-01' }],
      },
    });
    expect(warnings).toEqual([]);
  });
});
