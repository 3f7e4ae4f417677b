import { buildBrazeWebhook } from '../../braze-webhooks/to-braze-webhook.js';
import {
  BRAZE_WEBHOOK_FLOWS,
  type BrazeWebhook,
  type BrazeWebhookFlow,
  type BrazeWebhookOptIn,
  type BrazeWebhookOptions,
  type BrazeWebhookValue,
} from '../../braze-webhooks/options.js';
import { ValidationError, type Issue } from '../../errors/index.js';
import { escapeUnprintable, formatPath } from '../../common/text.js';
import { defineCommand, type Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';

const usage = 'Usage: regal-braze webhook-template <flow> [options] [--json]';

const help = `${usage}

Prints a Braze webhook that sends one of the three flows of Braze's partner page for Regal to
Regal's events API, ready to paste into Braze's webhook composer (a Canvas step or a campaign):
the Compose tab's Webhook URL and Request body (Raw text), the Settings tab's HTTP method and
Request headers. The body is Liquid that gives valid JSON for every profile: control characters
are removed, blank values left out, strings escaped; it is the body RegalClient sends for the
same contact. Without options each flow gives the partner page's own body.

Flows:
  create-contact                   create (or update) a contact: phone, email, names, opt-ins
  update-opt-in                    send an opt-in change (voice, sms, email)
  custom-event                     send a custom event with its properties

A VALUE is read from Braze: a standard attribute (user_id, first_name, phone_number, …),
custom_attribute.NAME, canvas_entry_properties.NAME, event_properties.NAME,
subscribed_state.NAME, campaign.FIELD / canvas.FIELD, or campaign / canvas (their names),
optionally followed by :string (default), :number or :boolean. Or a constant: true, false, a
number, or a JSON string such as '"Spring form"'. A blank value, or one not of its type, is
left out of the body.

Options:
  --context canvas|campaign        where the webhook runs (default canvas): entry properties and
                                   the Canvas name, or event properties and the campaign name
  --format legacy|current          Regal's trait format (default legacy: traits.phone,
                                   traits.optIn; current: traits.phones, traits.emails)
  --user-id VALUE|none             userId (default user_id)
  --phone VALUE|none               the phone (default phone_number)
  --email VALUE|none               the email (default email_address for create-contact)
  --first-name VALUE|none          firstName (default first_name, not for update-opt-in)
  --last-name VALUE|none           lastName (default last_name, not for update-opt-in)
  --trait NAME[=VALUE]             a custom trait (repeatable), e.g. --trait plan (from
                                   custom_attribute.plan), --trait seats=custom_attribute.seats:number;
                                   replaces the example traits custom1, custom2…; --trait none for none
  --opt-in CHANNEL=VALUE           an opt-in (repeatable): voice, sms or email, subscribed true,
                                   false or a VALUE (true/false, or subscribed, opted_in,
                                   unsubscribed), e.g. --opt-in sms=custom_attribute.sms_opt_in;
                                   replaces the default opt-ins; --opt-in none for none
  --source VALUE|none              source of every opt-in (default canvas, campaign with
                                   --context campaign), e.g. --source campaign
  --timestamp                      send the time of sending as every opt-in's timestamp
  --event-name NAME                the event's name (custom-event; default "Application Step 1
                                   Completed")
  --property NAME[=VALUE]          an event property (repeatable), e.g. --property preferredSubject
                                   (from the entry or event property of that name); replaces the
                                   example properties; --property none for none
  --event-source NAME              eventSource (default braze)
  --json                           print { url, method, headers, body } as JSON
  -h, --help                       show this help

Examples:
  regal-braze webhook-template create-contact --trait plan --opt-in sms=custom_attribute.sms_opt_in --timestamp
  regal-braze webhook-template update-opt-in --opt-in sms=subscribed_state.<group id> --source campaign
  regal-braze webhook-template custom-event --event-name 'Quote Requested' --property amount=canvas_entry_properties.amount:number

Exit codes: 0 success, 2 bad usage.`;

const OPTIONS = {
  context: { type: 'string' },
  format: { type: 'string' },
  'user-id': { type: 'string' },
  phone: { type: 'string' },
  email: { type: 'string' },
  'first-name': { type: 'string' },
  'last-name': { type: 'string' },
  trait: { type: 'string', multiple: true },
  'opt-in': { type: 'string', multiple: true },
  source: { type: 'string' },
  timestamp: { type: 'boolean' },
  'event-name': { type: 'string' },
  property: { type: 'string', multiple: true },
  'event-source': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const FIELD_FLAGS = {
  userId: '--user-id',
  phone: '--phone',
  email: '--email',
  firstName: '--first-name',
  lastName: '--last-name',
} as const;

const FLAGS: Readonly<Record<string, string>> = {
  ...FIELD_FLAGS,
  context: '--context',
  format: '--format',
  source: '--source',
  timestamp: '--timestamp',
  eventName: '--event-name',
  eventSource: '--event-source',
};

/** A VALUE of the command line: a constant (true, false, a number, a JSON string) or a reference. */
function valueOf(text: string, flag: string): BrazeWebhookValue {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (text.startsWith('"')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UsageError(`${flag}: ${text} is not a JSON string`, usage);
    }
    if (typeof parsed !== 'string')
      throw new UsageError(`${flag}: ${text} is not a JSON string`, usage);
    return { value: parsed };
  }
  return text;
}

/** `NAME[=VALUE]` entries (repeatable); `none` alone for none. */
function entries(
  flag: string,
  given: readonly string[] | undefined,
  bare: (name: string) => string,
): Record<string, BrazeWebhookValue> | undefined {
  if (given === undefined) return undefined;
  if (given.length === 1 && given[0] === 'none') return {};
  const out: Record<string, BrazeWebhookValue> = {};
  for (const entry of given) {
    const at = entry.indexOf('=');
    const name = at < 0 ? entry : entry.slice(0, at);
    if (name === '' || entry === 'none') {
      throw new UsageError(
        `${flag} expects NAME or NAME=VALUE (or none alone), got "${entry}"`,
        usage,
      );
    }
    if (Object.hasOwn(out, name)) throw new UsageError(`${flag} ${name} is given twice`, usage);
    // An own key even for "__proto__": toBrazeWebhook refuses it by name.
    Object.defineProperty(out, name, {
      value: at < 0 ? bare(name) : valueOf(entry.slice(at + 1), `${flag} ${name}`),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function optInsOf(given: readonly string[] | undefined): BrazeWebhookOptIn[] | undefined {
  if (given === undefined) return undefined;
  if (given.length === 1 && given[0] === 'none') return [];
  return given.map((entry) => {
    const at = entry.indexOf('=');
    if (at <= 0)
      throw new UsageError(`--opt-in expects CHANNEL=VALUE (or none alone), got "${entry}"`, usage);
    const subscribed = valueOf(entry.slice(at + 1), `--opt-in ${entry.slice(0, at)}`);
    if (typeof subscribed !== 'string' && typeof subscribed !== 'boolean') {
      throw new UsageError(
        `--opt-in ${entry.slice(0, at)}: subscribed is true, false or a VALUE read from Braze`,
        usage,
      );
    }
    return { channel: entry.slice(0, at) as BrazeWebhookOptIn['channel'], subscribed };
  });
}

function optionsFrom(values: Record<string, unknown>): BrazeWebhookOptions {
  const options: BrazeWebhookOptions = {};
  const context = values.context as string | undefined;
  if (context !== undefined) options.context = context as BrazeWebhookOptions['context'];
  if (values.format !== undefined) options.format = values.format as BrazeWebhookOptions['format'];
  for (const [key, flag] of Object.entries(FIELD_FLAGS)) {
    const given = values[flag.slice(2)] as string | undefined;
    if (given !== undefined)
      options[key as keyof typeof FIELD_FLAGS] = given === 'none' ? null : given;
  }
  const traits = entries(
    '--trait',
    values.trait as string[] | undefined,
    (name) => `custom_attribute.${name}`,
  );
  if (traits !== undefined) options.traits = traits;
  const optIns = optInsOf(values['opt-in'] as string[] | undefined);
  if (optIns !== undefined) options.optIns = optIns;
  const source = values.source as string | undefined;
  if (source !== undefined) options.source = source === 'none' ? null : valueOf(source, '--source');
  if (values.timestamp === true) options.timestamp = true;
  if (values['event-name'] !== undefined) options.eventName = values['event-name'] as string;
  const namespace = context === 'campaign' ? 'event_properties' : 'canvas_entry_properties';
  const properties = entries(
    '--property',
    values.property as string[] | undefined,
    (name) => `${namespace}.${name}`,
  );
  if (properties !== undefined) options.properties = properties;
  if (values['event-source'] !== undefined) options.eventSource = values['event-source'] as string;
  return options;
}

/** An issue of `toBrazeWebhook`'s options, in the terms of the flag that set it. */
function describeIssue({ path, message }: Issue, options: BrazeWebhookOptions): string {
  const [field, key] = path;
  if (field === 'traits' && typeof key === 'string')
    return `--trait ${JSON.stringify(key)}: ${message}`;
  if (field === 'properties' && typeof key === 'string')
    return `--property ${JSON.stringify(key)}: ${message}`;
  if (field === 'optIns' && typeof key === 'number') {
    const channel = options.optIns?.[key]?.channel;
    const rest = path.slice(2).join('.');
    return `--opt-in ${channel === undefined ? `#${key + 1}` : JSON.stringify(channel)}: ${rest === '' ? '' : `${rest} `}${message}`;
  }
  if (typeof field === 'string' && FLAGS[field] !== undefined) return `${FLAGS[field]}: ${message}`;
  return path.length === 0 ? message : `${formatPath(path)}: ${message}`;
}

function text(flow: BrazeWebhookFlow, webhook: BrazeWebhook): string {
  const rule = '-'.repeat(72);
  return `Braze webhook: Regal ${flow}

Compose tab
  Webhook URL:    ${webhook.url}
  Request body:   Raw text, everything between the lines:
${rule}
${webhook.body}${rule}

Settings tab
  HTTP method:    ${webhook.method}
  Request headers:
    Authorization   ${webhook.headers.Authorization}   (your Regal API key as is, no "Bearer")
    Content-Type    ${webhook.headers['Content-Type']}
`;
}

/** `regal-braze webhook-template`: a Braze webhook (Liquid) that sends a flow to Regal. */
export const webhookTemplateCommand: Command = defineCommand({
  name: 'webhook-template',
  summary:
    'print a Braze webhook (URL, headers, Liquid body) that sends contacts, opt-ins or events to Regal',
  usage,
  help,

  options: OPTIONS,
  positionals: 1,

  async run({ values, positionals }, io) {
    const [flow] = positionals;
    if (flow === undefined) {
      throw new UsageError(`no flow given: ${BRAZE_WEBHOOK_FLOWS.join(', ')}`, usage);
    }
    if (!(BRAZE_WEBHOOK_FLOWS as readonly string[]).includes(flow)) {
      throw new UsageError(
        `unknown flow "${flow}": expected ${BRAZE_WEBHOOK_FLOWS.join(', ')}`,
        usage,
      );
    }
    const options = optionsFrom(values);
    let built;
    try {
      built = buildBrazeWebhook(flow as BrazeWebhookFlow, options);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new UsageError(
        error.issues.map((issue) => describeIssue(issue, options)).join('; '),
        usage,
      );
    }
    for (const warning of built.warnings) {
      const hint = formatPath(warning.path).endsWith('timestamp') ? ' (add --timestamp)' : '';
      io.stderr.write(
        `regal-braze: warning: ${escapeUnprintable(describeIssue(warning, options))}${hint}\n`,
      );
    }
    io.stdout.write(
      values.json === true
        ? `${JSON.stringify(built.webhook, null, 2)}\n`
        : text(flow as BrazeWebhookFlow, built.webhook),
    );
    return EXIT.ok;
  },
});
