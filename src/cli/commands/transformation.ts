import { REGAL_EVENT_NAMES, toBrazeTransformation } from '../../transforms/index.js';
import { HELP_OPTION, parseCommandArgs, type Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { escapeUnprintable } from '../../shared/text.js';
import {
  checkFlags,
  TRANSFORM_OPTIONS,
  TRANSFORM_OPTIONS_HELP,
  transformOptionsFrom,
} from '../transform-options.js';

const usage = 'Usage: regal-braze transformation [--event NAME]... [options]';
const DOCUMENTED: ReadonlySet<string> = new Set(REGAL_EVENT_NAMES);

const help = `${usage}

Prints the JavaScript of one Braze Data Transformation that maps Regal reporting webhooks to
/users/track bodies exactly as regal-braze's transformRegalEvent does with the same options.
Paste it into Braze: Data Settings > Data Transformation > Create, destination "POST: Track
users". The options are written at the top of the code, where they can be edited.

Options:
  --event NAME                     map only this Regal event (repeatable; default: every event).
                                   Other events are refused with an error in Braze's logs.

${TRANSFORM_OPTIONS_HELP}

  -h, --help                       show this help

Examples:
  regal-braze transformation > regal-to-braze.js
  regal-braze transformation --event call.completed --event sms.sent
  regal-braze transformation --subscription-group voice=c3d4… --subscription-group sms=e5f6…

Exit codes: 0 success, 2 bad usage.`;

/** `regal-braze transformation`: prints paste-ready Braze Data Transformation code. */
export const transformationCommand: Command = {
  name: 'transformation',
  summary: 'print paste-ready Braze Data Transformation code that maps Regal webhooks',
  usage,
  help,

  async run(args, io) {
    const { values } = parseCommandArgs(
      usage,
      args,
      { ...HELP_OPTION, event: { type: 'string', multiple: true }, ...TRANSFORM_OPTIONS },
      false,
    );
    if (values.help === true) {
      io.stdout.write(`${help}\n`);
      return EXIT.ok;
    }
    const options = { ...transformOptionsFrom(values, usage), events: values.event };
    if (options.events === undefined) delete options.events;
    const code = checkFlags(options, usage, () => toBrazeTransformation(options));
    for (const name of values.event ?? []) {
      if (!DOCUMENTED.has(name)) {
        io.stderr.write(
          `regal-braze: warning: ${escapeUnprintable(JSON.stringify(name))} is not a documented Regal event name\n`,
        );
      }
    }
    io.stdout.write(code);
    return EXIT.ok;
  },
};
