import { describe, expect, it } from 'vitest';
import {
  contactSubscribed,
  contactUnsubscribed,
  PayloadError,
  transformRegalEvent,
} from '../../src/transforms/index.js';
import { fixture } from '../support/fixtures.js';

const subscriptionGroups = { voice: 'group-voice', sms: 'group-sms' };

describe('contact.unsubscribed and contact.subscribed', () => {
  it('unsubscribes the group configured for the channel, existing users only', () => {
    expect(
      contactUnsubscribed(fixture('contact.unsubscribed'), { subscriptionGroups }),
    ).toStrictEqual({
      attributes: [
        {
          external_id: '123',
          _update_existing_only: true,
          subscription_groups: [
            { subscription_group_id: 'group-voice', subscription_state: 'unsubscribed' },
          ],
        },
      ],
    });
  });

  it('subscribes on contact.subscribed', () => {
    expect(
      transformRegalEvent(fixture('contact.subscribed'), { subscriptionGroups }),
    ).toStrictEqual({
      attributes: [
        {
          external_id: '123',
          _update_existing_only: true,
          subscription_groups: [
            { subscription_group_id: 'group-sms', subscription_state: 'subscribed' },
          ],
        },
      ],
    });
    expect(
      contactSubscribed(fixture('contact.subscribed'), {
        subscriptionGroups,
        updateExistingOnly: false,
      }).attributes[0]!._update_existing_only,
    ).toBe(false);
  });

  it('refuses a channel with no configured group, naming the option', () => {
    expect(() => contactUnsubscribed(fixture('contact.unsubscribed'))).toThrow(
      new PayloadError(
        [
          {
            path: ['properties', 'channel'],
            message:
              'no Braze subscription group for channel "voice": set the subscriptionGroups.voice option',
          },
        ],
        'contact.unsubscribed',
      ),
    );
  });

  it('refuses an unknown or missing channel', () => {
    const fax = fixture('contact.unsubscribed');
    (fax.properties as Record<string, unknown>).channel = 'fax';
    expect(() => contactUnsubscribed(fax, { subscriptionGroups })).toThrow(
      'properties.channel: expected one of "voice", "sms", "email", got "fax"',
    );
    const none = fixture('contact.unsubscribed');
    delete (none.properties as Record<string, unknown>).channel;
    expect(() => contactUnsubscribed(none, { subscriptionGroups })).toThrow(
      'properties.channel: is required',
    );
  });

  it('refuses the mirror event', () => {
    expect(() =>
      contactSubscribed(fixture('contact.unsubscribed'), { subscriptionGroups }),
    ).toThrow('name: expected "contact.subscribed", got "contact.unsubscribed"');
  });
});
