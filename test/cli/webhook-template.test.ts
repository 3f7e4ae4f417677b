// `regal-braze webhook-template` as a process, including the "Done when" check: the JSON printed
// for create-contact, its body rendered for a profile named Jo "JJ" \ O'Neil with a line break in
// the last name, is valid JSON with the name intact (the line break removed, as documented).
import { describe, expect, it } from 'vitest';
import { toBrazeWebhook } from '../../src/index.js';
import { renderBraze } from '../support/braze-liquid.js';
import { runCli } from '../support/cli.js';

const USAGE = 'Usage: regal-braze webhook-template <flow> [options] [--json]\n';

describe('regal-braze webhook-template', () => {
  it('create-contact --json: a body that stays valid JSON for a hostile name', async () => {
    const { code, stdout, stderr } = await runCli(['webhook-template', 'create-contact', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe(
      'regal-braze: warning: --opt-in #1: timestamp is missing: Regal may ignore an opt-in without a timestamp (add --timestamp)\n' +
        'regal-braze: warning: --opt-in #2: timestamp is missing: Regal may ignore an opt-in without a timestamp (add --timestamp)\n',
    );
    const webhook = JSON.parse(stdout) as ReturnType<typeof toBrazeWebhook>;
    expect(webhook).toEqual(toBrazeWebhook('create-contact'));
    const rendered = renderBraze(webhook.body, {
      attributes: {
        user_id: 'user-8841',
        first_name: 'Jo "JJ" \\',
        last_name: "O'\nNeil",
        phone_number: '+14155550123',
      },
    });
    expect(JSON.parse(rendered)).toEqual({
      userId: 'user-8841',
      traits: {
        phone: '+14155550123',
        firstName: 'Jo "JJ" \\',
        lastName: "O'Neil",
        optIn: [
          { channel: 'voice', subscribed: true },
          { channel: 'sms', subscribed: true },
        ],
      },
      eventSource: 'braze',
    });
  });

  it('prints what toBrazeWebhook gives for the same options, labelled as Braze labels it', async () => {
    const result = await runCli([
      'webhook-template',
      'custom-event',
      '--context',
      'campaign',
      '--event-name',
      'Quote Requested',
      '--property',
      'amount=event_properties.amount:number',
      '--property',
      'preferredSubject',
      '--property',
      'urgent=true',
      '--property',
      'channel="web"',
      '--trait',
      'plan',
      '--email',
      'email_address',
      '--last-name',
      'none',
    ]);
    const { body } = toBrazeWebhook('custom-event', {
      context: 'campaign',
      eventName: 'Quote Requested',
      properties: {
        amount: 'event_properties.amount:number',
        preferredSubject: 'event_properties.preferredSubject',
        urgent: true,
        channel: { value: 'web' },
      },
      traits: { plan: 'custom_attribute.plan' },
      email: 'email_address',
      lastName: null,
    });
    const rule = '-'.repeat(72);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: `Braze webhook: Regal custom-event

Compose tab
  Webhook URL:    https://events.regalvoice.com/events
  Request body:   Raw text, everything between the lines:
${rule}
${body}${rule}

Settings tab
  HTTP method:    POST
  Request headers:
    Authorization   <REGAL_API_KEY>   (your Regal API key as is, no "Bearer")
    Content-Type    application/json
`,
    });
  });

  it('--opt-in, --source, --timestamp, --format, none', async () => {
    const { code, stdout, stderr } = await runCli([
      'webhook-template',
      'update-opt-in',
      '--opt-in',
      'sms=subscribed_state.abc-123',
      '--opt-in',
      'email=false',
      '--email',
      'email_address',
      '--source',
      '"Preference center"',
      '--timestamp',
      '--format',
      'current',
      '--user-id',
      'none',
      '--json',
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual(
      toBrazeWebhook('update-opt-in', {
        optIns: [
          { channel: 'sms', subscribed: 'subscribed_state.abc-123' },
          { channel: 'email', subscribed: false },
        ],
        email: 'email_address',
        source: { value: 'Preference center' },
        timestamp: true,
        format: 'current',
        userId: null,
      }),
    );
  });

  it('--help lists every flag', async () => {
    const { code, stdout } = await runCli(['webhook-template', '--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--context',
      '--format',
      '--user-id',
      '--phone',
      '--email',
      '--first-name',
      '--last-name',
      '--trait',
      '--opt-in',
      '--source',
      '--timestamp',
      '--event-name',
      '--property',
      '--event-source',
      '--json',
    ]) {
      expect(stdout).toContain(`  ${flag} `);
    }
    expect((await runCli(['--help'])).stdout).toContain(
      '  webhook-template  print a Braze webhook',
    );
  });

  it.each([
    [[], 'no flow given: create-contact, update-opt-in, custom-event'],
    [
      ['create-contacts'],
      'unknown flow "create-contacts": expected create-contact, update-opt-in, custom-event',
    ],
    [['create-contact', 'extra'], 'unexpected argument "extra"'],
    [
      ['update-opt-in', '--opt-in', 'fax=true'],
      '--opt-in "fax": channel must be "voice", "sms" or "email"',
    ],
    [
      ['update-opt-in', '--opt-in', 'sms'],
      '--opt-in expects CHANNEL=VALUE (or none alone), got "sms"',
    ],
    [
      ['update-opt-in', '--opt-in', 'none'],
      'traits: an opt-in update needs at least one opt-in: traits.optIn, or voiceOptIn / smsOptIn in traits.phones, or emailOptIn in traits.emails',
    ],
    [
      ['create-contact', '--trait', 'plan', '--trait', 'plan=first_name'],
      '--trait plan is given twice',
    ],
    [
      ['create-contact', '--trait', 'seats=custom_attribute.seats:int'],
      '--trait "seats": has the type "int": use string, number or boolean',
    ],
    [
      ['create-contact', '--phone', 'mobile'],
      '--phone: "mobile" is not a Braze standard attribute (a custom attribute is custom_attribute.mobile); expected a Braze standard attribute (first_name, phone_number, …), custom_attribute.NAME, canvas_entry_properties.NAME, event_properties.NAME, subscribed_state.NAME, campaign.FIELD, canvas.FIELD, or campaign / canvas (their names)',
    ],
    [['create-contact', '--context', 'journey'], '--context: must be "canvas" or "campaign"'],
    [['create-contact', '--event-name', 'x'], '--event-name: is for the custom-event flow only'],
    [['custom-event', '--property', 'x="unclosed'], '--property x: "unclosed is not a JSON string'],
    [['create-contact', '--frobnicate'], 'unknown option "--frobnicate"'],
  ])('%j: exit 2 with the usage line', async (args, reason) => {
    expect(await runCli(['webhook-template', ...args])).toEqual({
      code: 2,
      stdout: '',
      stderr: `regal-braze: ${reason}\n${USAGE}`,
    });
  });
});
