import { createTransformer, PayloadError } from '../../transforms/index.js';
import { escapeUnprintable } from '../../common/text.js';
import { defineCommand, type Command } from '../command.js';
import { EXIT, InvalidInputError } from '../exit.js';
import { parseEventsInput, readInput, type EventsInput } from '../read-input.js';
import {
  checkFlags,
  inFlagTerms,
  TRANSFORM_OPTIONS,
  TRANSFORM_OPTIONS_HELP,
  transformOptionsFrom,
} from '../transform-options.js';

const usage = 'Usage: regal-braze transform [FILE|-] [options]';

function output(input: EventsInput, bodies: readonly unknown[]): string {
  switch (input.shape) {
    case 'single':
      return `${JSON.stringify(bodies[0] ?? null, null, 2)}\n`;
    case 'array':
      return `${JSON.stringify(
        bodies.map((body) => body ?? null),
        null,
        2,
      )}\n`;
    case 'lines':
      return bodies.map((body) => `${JSON.stringify(body ?? null)}\n`).join('');
  }
}

const help = `${usage}

Reads Regal reporting-webhook events from FILE, or from standard input when FILE is - or
missing, and prints the Braze /users/track body of each, as regal-braze's transformRegalEvent
makes it. Input: one event (JSON), a JSON array of events, or JSON lines (one event a line).
Output has the same shape: a body, an array of bodies, or one body a line. An event that
concerns no contact (agent.activity.updated) gives null.

Nothing is printed on stdout if any event is invalid: each is reported on stderr, one line each.

${TRANSFORM_OPTIONS_HELP}

  -h, --help                       show this help

Examples:
  regal-braze transform call.completed.json
  curl -s … | regal-braze transform - --identifiers external_id,phone_alias
  regal-braze transform events.jsonl --subscription-group voice=c3d4… > bodies.jsonl

Exit codes: 0 success, 1 invalid input or event, 2 bad usage.`;

/** `regal-braze transform`: Regal events in, Braze `/users/track` bodies out. */
export const transformCommand: Command = defineCommand({
  name: 'transform',
  summary: 'print the Braze /users/track body of Regal events (JSON, JSON array or JSON lines)',
  usage,
  help,

  options: TRANSFORM_OPTIONS,
  positionals: 1,

  async run({ values, positionals }, io) {
    const options = transformOptionsFrom(values, usage);
    const transform = checkFlags(options, usage, () => createTransformer(options));

    let input: EventsInput;
    try {
      input = parseEventsInput(await readInput(positionals[0], io, usage));
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      io.stderr.write(`regal-braze: ${escapeUnprintable(error.message)}\n`);
      return EXIT.invalidPayload;
    }

    const bodies: unknown[] = [];
    const failures: string[] = [];
    for (const { where, value } of input.events) {
      try {
        bodies.push(transform(value));
      } catch (error) {
        if (!(error instanceof PayloadError)) throw error;
        const message = inFlagTerms(error.message);
        failures.push(where === undefined ? message : `${where}: ${message}`);
      }
    }
    if (failures.length > 0) {
      io.stderr.write(
        failures.map((failure) => `regal-braze: ${escapeUnprintable(failure)}\n`).join(''),
      );
      return EXIT.invalidPayload;
    }
    io.stdout.write(output(input, bodies));
    return EXIT.ok;
  },
});
