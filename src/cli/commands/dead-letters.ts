import { printable } from '../../common/text.js';
import type { DeadLetter, DeadLetterFilter, DeliveryQueue } from '../../webhook/queue/queue.js';
import { defineCommand, type Command } from '../command.js';
import { wholeNumberFlag } from '../flag-values.js';
import { EXIT, UsageError } from '../exit.js';
import type { CliIo } from '../io.js';
import { chooseQueue, openQueue, QUEUE_OPTIONS, queueOptionsHelp } from '../queue-flags.js';

const usage =
  'Usage: regal-braze dead-letters list|replay|purge [--data-dir DIR | --redis-url URL] [options]';

const help = `${usage}

The events the bridge (regal-braze serve) gave up on: Braze refused them, or they were not
delivered within --max-event-age. Each is kept in the bridge's queue with the Regal event as
received, the reason, the attempts and the times.

Actions:
  list      one line per dead letter, oldest first (--json: one JSON object per line)
  replay    queue them again: the running bridge (or the next serve on this queue) sends
            them; prints each one re-queued
  purge     delete them (all of them only with --all)

Options:
${queueOptionsHelp(false)}
  --reason TEXT                    only those whose reason contains TEXT (any case)
  --event-name NAME                only those of this Regal event (e.g. call.completed)
  --kind rejected|failed           only those Braze refused, or those that failed or expired
  --limit N                        at most N (oldest first)
  --all                            purge: every dead letter (without a filter, purge refuses)
  --json                           one JSON object per line
  -h, --help                       show this help

Exit codes: 0 done, 2 bad usage or no queue there.`;

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** A dead letter as one JSON line: times in ISO 8601. */
function jsonLine(letter: DeadLetter): string {
  return JSON.stringify({
    id: letter.id,
    eventId: letter.eventId ?? null,
    eventName: typeof letter.event.name === 'string' ? letter.event.name : null,
    kind: letter.kind,
    reason: letter.reason,
    attempts: letter.attempts,
    acceptedAt: iso(letter.acceptedAt),
    lastAttemptAt: iso(letter.lastAttemptAt) ?? null,
    deadAt: iso(letter.deadAt),
    event: letter.event,
    body: letter.body,
    undelivered: letter.undelivered,
  });
}

/** A dead letter as one line of text: payload text escaped and cut. */
function textLine(letter: DeadLetter): string {
  const name = typeof letter.event.name === 'string' ? printable(letter.event.name, 60) : '?';
  const id = letter.eventId === undefined ? '(no eventId)' : printable(letter.eventId, 80);
  return `${letter.id}  ${iso(letter.deadAt)}  ${letter.kind}  ${name}  ${id}  ${letter.attempts} attempt(s)  ${printable(letter.reason, 300)}`;
}

async function act(
  action: string,
  queue: DeliveryQueue,
  filter: DeadLetterFilter,
  json: boolean,
  io: CliIo,
): Promise<void> {
  const described = describeFilter(filter);
  if (action === 'list') {
    const letters = await queue.listDeadLetters(filter);
    for (const letter of letters)
      io.stdout.write(`${json ? jsonLine(letter) : textLine(letter)}\n`);
    if (!json) io.stderr.write(`${letters.length} dead letter(s)${described}\n`);
    return;
  }
  if (action === 'replay') {
    const letters = await queue.replayDeadLetters(filter);
    for (const letter of letters) {
      io.stdout.write(`${json ? jsonLine(letter) : `re-queued ${textLine(letter)}`}\n`);
    }
    io.stderr.write(
      `re-queued ${letters.length} dead letter(s)${described}: the running bridge, or the next serve on this queue, delivers them\n`,
    );
    return;
  }
  const purged = await queue.purgeDeadLetters(filter);
  if (json) io.stdout.write(`${JSON.stringify({ purged })}\n`);
  io.stderr.write(`purged ${purged} dead letter(s)${described}\n`);
}

function describeFilter(filter: DeadLetterFilter): string {
  const parts: string[] = [];
  if (filter.kind !== undefined) parts.push(`kind ${filter.kind}`);
  if (filter.eventName !== undefined) parts.push(`event ${printable(filter.eventName, 60)}`);
  if (filter.reason !== undefined)
    parts.push(`reason containing "${printable(filter.reason, 60)}"`);
  if (filter.limit !== undefined) parts.push(`at most ${filter.limit}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** `regal-braze dead-letters`: list, replay or purge what the bridge gave up on. */
export const deadLettersCommand: Command = defineCommand({
  name: 'dead-letters',
  summary: 'list, replay or purge the events the bridge gave up on',
  usage,
  help,
  options: {
    ...QUEUE_OPTIONS,
    reason: { type: 'string' },
    'event-name': { type: 'string' },
    kind: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: 1,

  async run({ values, positionals }, io) {
    const [action] = positionals;
    if (action === undefined) throw new UsageError('say list, replay or purge', usage);
    if (!['list', 'replay', 'purge'].includes(action)) {
      throw new UsageError(
        `unknown action "${printable(action, 40)}" (list, replay or purge)`,
        usage,
      );
    }
    if (values.kind !== undefined && values.kind !== 'rejected' && values.kind !== 'failed') {
      throw new UsageError(
        `--kind expects rejected or failed, got "${printable(values.kind, 40)}"`,
        usage,
      );
    }
    const filter: DeadLetterFilter = {
      ...(values.kind === undefined ? {} : { kind: values.kind }),
      ...(values.reason === undefined ? {} : { reason: values.reason }),
      ...(values['event-name'] === undefined ? {} : { eventName: values['event-name'] }),
      ...(values.limit === undefined
        ? {}
        : { limit: wholeNumberFlag(values.limit, '--limit', usage, 1) }),
    };
    if (action === 'purge' && Object.keys(filter).length === 0 && values.all !== true) {
      throw new UsageError(
        'purge deletes for good: give a filter (--reason, --event-name, --kind, --limit) or --all',
        usage,
      );
    }
    if (action !== 'purge' && values.all === true) {
      throw new UsageError('--all goes with purge only', usage);
    }
    const queue = await openQueue(chooseQueue(values, io, usage, false), usage, {
      create: false,
    });
    try {
      await act(action, queue, filter, values.json === true, io);
    } finally {
      await queue.close();
    }
    return EXIT.ok;
  },
});
