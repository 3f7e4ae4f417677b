// `regal-braze transform` as a process: inputs (file, stdin, array, JSON lines), outputs, options,
// exit codes and stderr lines.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { transformRegalEvent, type TransformOptions } from '../../src/transforms/index.js';
import { runCli } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';

const FIXTURES = fileURLToPath(new URL('../../src/testing/fixtures/', import.meta.url));
const USAGE = 'Usage: regal-braze transform [FILE|-] [options]\n';
const work = mkdtempSync(join(tmpdir(), 'regal-braze-cli-'));

function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function file(name: string, content: string): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

const groups: TransformOptions = { subscriptionGroups: { voice: 'g-voice' } };

describe('regal-braze transform: input and output', () => {
  it('FILE: prints the /users/track body of the event', async () => {
    expect(await runCli(['transform', `${FIXTURES}call.completed.json`])).toEqual({
      code: 0,
      stdout: pretty(transformRegalEvent(fixture('call.completed'))),
      stderr: '',
    });
  });

  it.each([[['transform']], [['transform', '-']]])('%j reads stdin', async (args) => {
    const stdin = JSON.stringify(fixture('sms.sent'));
    expect(await runCli(args, { stdin })).toEqual({
      code: 0,
      stdout: pretty(transformRegalEvent(fixture('sms.sent'))),
      stderr: '',
    });
  });

  it('a JSON array: an array of bodies, null for an event that concerns no contact', async () => {
    const names = ['call.completed', 'agent.activity.updated', 'contact.unsubscribed'];
    const stdin = JSON.stringify(names.map(fixture));
    const result = await runCli(['transform', '--subscription-group', 'voice=g-voice'], { stdin });
    expect(result).toEqual({
      code: 0,
      stdout: pretty(names.map((name) => transformRegalEvent(fixture(name), groups) ?? null)),
      stderr: '',
    });
    expect(JSON.parse(result.stdout)).toHaveLength(3);
  });

  it('JSON lines (blank lines skipped): one compact body a line', async () => {
    const names = ['sms.sent', 'agent.activity.updated', 'email.sent'];
    const input = file('events.jsonl', names.map((n) => JSON.stringify(fixture(n))).join('\n\n'));
    expect(await runCli(['transform', input])).toEqual({
      code: 0,
      stdout: names
        .map((name) => `${JSON.stringify(transformRegalEvent(fixture(name)) ?? null)}\n`)
        .join(''),
      stderr: '',
    });
  });

  it('a lone event that concerns no contact: null', async () => {
    expect(await runCli(['transform', `${FIXTURES}agent.activity.updated.json`])).toEqual({
      code: 0,
      stdout: 'null\n',
      stderr: '',
    });
  });

  it('applies every mapping option', async () => {
    const args = [
      'transform',
      '--identifiers',
      'phone_alias,external_id',
      '--phone-alias-label',
      'regal_phone',
      '--event-name',
      'call.completed=Regal Call Completed',
      '--keep-nulls',
      '--update-existing-only',
      'true',
      '--missing-time',
      'error',
      `${FIXTURES}call.completed.json`,
    ];
    const options: TransformOptions = {
      identifiers: ['phone_alias', 'external_id'],
      phoneAliasLabel: 'regal_phone',
      eventNames: { 'call.completed': 'Regal Call Completed' },
      keepNulls: true,
      updateExistingOnly: true,
      missingTime: 'error',
    };
    const result = await runCli(args);
    expect(result).toEqual({
      code: 0,
      stdout: pretty(transformRegalEvent(fixture('call.completed'), options)),
      stderr: '',
    });
    expect(JSON.parse(result.stdout)).toMatchObject({
      events: [
        {
          user_alias: { alias_name: '+17625555555', alias_label: 'regal_phone' },
          _update_existing_only: true,
          name: 'Regal Call Completed',
          properties: { notes: null },
        },
      ],
    });
  });

  it('--missing-time now: times an event without a time now', async () => {
    const event = fixture('sms.sent');
    delete event.originalTimestamp;
    const before = Date.now();
    const { code, stdout } = await runCli(['transform', '--missing-time', 'now'], {
      stdin: JSON.stringify(event),
    });
    expect(code).toBe(0);
    const time = Date.parse((JSON.parse(stdout) as { events: { time: string }[] }).events[0]!.time);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });
});

describe('regal-braze transform: invalid input, exit 1 and one line per problem', () => {
  it('an invalid event: its problems and their paths, nothing on stdout', async () => {
    const event = { ...fixture('contact.unsubscribed') };
    expect(await runCli(['transform'], { stdin: JSON.stringify(event) })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'regal-braze: Invalid Regal contact.unsubscribed event: properties.channel: no Braze subscription group for channel "voice": pass --subscription-group voice=ID\n',
    });
  });

  it('several events: one line for each invalid one, naming where it is', async () => {
    const good = fixture('sms.sent');
    const bad = { ...fixture('sms.sent'), originalTimestamp: 'yesterday' };
    const stdin = [good, bad, good, { name: '' }].map((e) => JSON.stringify(e)).join('\n');
    expect(await runCli(['transform'], { stdin })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'regal-braze: line 2: Invalid Regal sms.sent event: originalTimestamp: is not a usable time: expected Unix seconds or milliseconds, or ISO 8601 with a zone\n' +
        'regal-braze: line 4: Invalid Regal event: name: must not be empty\n',
    });
    expect(await runCli(['transform'], { stdin: JSON.stringify([good, 42]) })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'regal-braze: [1]: Invalid Regal event: expected object, got number\n',
    });
  });

  it('not JSON, and an empty input', async () => {
    const broken = await runCli(['transform'], { stdin: '{"name": "sms.sent",\n "userId": }' });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/^regal-braze: invalid JSON \([^\n]+\)\n$/);

    const badLine = await runCli(['transform'], {
      stdin: `${JSON.stringify(fixture('sms.sent'))}\n{oops}\n`,
    });
    expect(badLine.code).toBe(1);
    expect(badLine.stderr).toMatch(/^regal-braze: line 2: invalid JSON \([^\n]+\)\n$/);

    expect(await runCli(['transform'], { stdin: ' \n' })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'regal-braze: no input: expected a Regal event as JSON, a JSON array of events, or JSON lines\n',
    });
  });

  it('keeps the error on one line, escaping what a hostile payload puts in it', async () => {
    const stdin = JSON.stringify({ name: 'sms.sent\n\u001b[31mOK', userId: '1' });
    const { code, stderr } = await runCli(['transform'], { stdin });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'regal-braze: Invalid Regal sms.sent\\n\\u001b[31mOK event: originalTimestamp: is required to time the Braze event (or set the missingTime option to "now")\n',
    );
  });
});

describe('regal-braze transform: bad usage, exit 2 with the usage line', () => {
  it.each([
    [
      ['--identifiers', 'external_id,phone_number'],
      '--identifiers "phone_number": must be one of external_id, email, phone_alias, phone',
    ],
    [
      ['--subscription-group', 'push=g1'],
      '--subscription-group "push": unknown key, expected one of voice, sms, email',
    ],
    [['--subscription-group', 'voice'], '--subscription-group expects CHANNEL=ID, got "voice"'],
    [
      ['--event-name', 'sms.sent=A', '--event-name', 'sms.sent=B'],
      '--event-name sms.sent is given twice',
    ],
    [
      ['--event-name', 'sms.sent='],
      '--event-name "sms.sent": must be a non-empty string of at most 255 characters',
    ],
    [['--update-existing-only', 'yes'], '--update-existing-only expects true or false, got "yes"'],
    [['--missing-time', 'later'], '--missing-time: must be "error" or "now"'],
    [['--phone-alias-label'], 'option --phone-alias-label needs a value'],
    [['--keep-nulls=no'], 'option --keep-nulls takes no value'],
    [
      ['--event-name', '-x=y'],
      'option --event-name: write a value that starts with "-" as --event-name=VALUE',
    ],
    [['--frobnicate'], 'unknown option "--frobnicate"'],
    [['a.json', 'b.json'], 'unexpected argument "b.json"'],
    [['missing.json'], 'cannot read "missing.json": no such file'],
  ])('%j', async (args, reason) => {
    expect(await runCli(['transform', ...args], { cwd: work })).toEqual({
      code: 2,
      stdout: '',
      stderr: `regal-braze: ${reason}\n${USAGE}`,
    });
  });

  it('--help: the usage, the input shapes and every option', async () => {
    const { code, stdout, stderr } = await runCli(['transform', '--help']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.startsWith(USAGE)).toBe(true);
    for (const flag of [
      '--identifiers LIST',
      '--phone-alias-label LABEL',
      '--event-name REGAL=BRAZE',
      '--subscription-group CHANNEL=ID',
      '--keep-nulls',
      '--update-existing-only BOOL',
      '--missing-time error|now',
    ]) {
      expect(stdout).toContain(`  ${flag} `);
    }
    expect(stdout).toContain('JSON lines');
  });
});
