import { writeFile } from 'node:fs/promises';
import { toBrazeTransformation, type BrazeTransformationOptions } from '../../transforms/index.js';
import { defineCommand, type Command } from '../command.js';
import { EXIT } from '../exit.js';
import { escapeUnprintable } from '../../common/text.js';
import {
  checkEventName,
  checkFlags,
  TRANSFORM_OPTIONS,
  TRANSFORM_OPTIONS_HELP,
  transformOptionsFrom,
} from '../transform-options.js';

const usage = 'Usage: regal-braze transformation [--event NAME]... [options] [-o FILE]';

const SUBSCRIPTION_EVENTS = ['contact.subscribed', 'contact.unsubscribed'];
const CHANNELS = ['voice', 'sms', 'email'] as const;

const help = `${usage}

Prints the JavaScript of one Braze Data Transformation that maps Regal reporting webhooks to
/users/track bodies exactly as regal-braze's transformRegalEvent does with the same options.
Paste it into Braze: Data Settings > Data Transformation > Create, destination "POST: Track
users". The options are written at the top of the code (OPTIONS), then one mapping function
per event, where each Braze field is set: both can be edited there.

Options:
  --event NAME                     map only this Regal event (repeatable; default: every event).
                                   Only its code is printed; other events are refused with an
                                   error in Braze's logs.
  -o, --output FILE                write the code to FILE instead of standard output

${TRANSFORM_OPTIONS_HELP}

  -h, --help                       show this help

Examples:
  regal-braze transformation -o regal-to-braze.js
  regal-braze transformation --event call.completed --event sms.sent
  regal-braze transformation --subscription-group voice=c3d4… --subscription-group sms=e5f6…
  regal-braze transformation --event call.completed --omit call.completed:notes \\
    --attribute call.completed:last_call_disposition=disposition

Exit codes: 0 success, 2 bad usage.`;

/** Channels whose (un)subscriptions the code would refuse, when it maps subscription events. */
function channelsWithoutGroup(options: BrazeTransformationOptions): string[] {
  const events = options.events;
  const mapsSubscriptions =
    events === undefined || events.some((name) => SUBSCRIPTION_EVENTS.includes(name));
  if (!mapsSubscriptions) return [];
  const groups = options.subscriptionGroups ?? {};
  return CHANNELS.filter((channel) => !Object.prototype.hasOwnProperty.call(groups, channel));
}

/** `regal-braze transformation`: prints paste-ready Braze Data Transformation code. */
export const transformationCommand: Command = defineCommand({
  name: 'transformation',
  summary: 'print paste-ready Braze Data Transformation code that maps Regal webhooks',
  usage,
  help,

  options: {
    event: { type: 'string', multiple: true },
    output: { type: 'string', short: 'o' },
    ...TRANSFORM_OPTIONS,
  },

  async run({ values }, io) {
    for (const name of values.event ?? []) checkEventName('--event', name, usage);
    const options: BrazeTransformationOptions = {
      ...transformOptionsFrom(values, usage),
      ...(values.event === undefined ? {} : { events: values.event }),
    };
    const code = checkFlags(options, usage, () => toBrazeTransformation(options));

    const missing = channelsWithoutGroup(options);
    if (missing.length > 0) {
      io.stderr.write(
        `regal-braze: warning: no subscription group for ${missing.join(', ')}: the code will ` +
          `refuse contact.subscribed / contact.unsubscribed on ${missing.length > 1 ? 'those channels' : 'that channel'} ` +
          `(${missing.map((channel) => `--subscription-group ${channel}=ID`).join(', ')})\n`,
      );
    }
    if (values.output !== undefined) {
      await writeFile(values.output, code);
      io.stderr.write(
        `regal-braze: wrote ${escapeUnprintable(values.output)} (${Buffer.byteLength(code)} bytes): ` +
          'paste it into Braze, Data Settings > Data Transformation\n',
      );
      return EXIT.ok;
    }
    io.stdout.write(code);
    if (io.stdout.isTTY === true) {
      io.stderr.write(
        'regal-braze: paste this code into Braze (Data Settings > Data Transformation), ' +
          'or write it to a file with -o FILE\n',
      );
    }
    return EXIT.ok;
  },
});
