// `regal-braze transformation` as a process: the code printed for call.completed, pasted into a
// fresh vm with the seed's payload, returns what Braze's own template returns; the field-mapping
// flags; refused event names; the subscription-group warning; -o FILE; the terminal hint.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import {
  toBrazeTransformation,
  type BrazeTransformationOptions,
} from '../../src/transforms/index.js';
import { runCli } from '../support/cli.js';
import { fixture, seedTemplate } from '../support/fixtures.js';
import { runTransformation, withoutNulls } from '../support/run-in-vm.js';

const USAGE = 'Usage: regal-braze transformation [--event NAME]... [options] [-o FILE]\n';
const ALL_GROUPS = [
  '--subscription-group',
  'voice=g-voice',
  '--subscription-group',
  'sms=g-sms',
  '--subscription-group',
  'email=g-email',
];
const temp = mkdtempSync(join(tmpdir(), 'regal-braze-transformation-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('regal-braze transformation', () => {
  it('--event call.completed: code that returns what the seed template returns (modulo nulls)', async () => {
    const { code, stdout, stderr } = await runCli(['transformation', '--event', 'call.completed']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const payload = fixture('call.completed');
    const expected = withoutNulls(runTransformation(seedTemplate('call.completed'), payload));
    expect(runTransformation(stdout, payload)).toEqual(expected);
    expect(expected).toMatchObject({ events: [{ external_id: '123', name: 'Call Completed' }] });
  });

  it('prints exactly what toBrazeTransformation gives for the same options, mapping flags included', async () => {
    const result = await runCli([
      'transformation',
      '--event',
      'call.completed',
      '--event',
      'contact.unsubscribed',
      '--identifiers',
      'external_id,phone_alias',
      '--event-name',
      'call.completed=Regal Call Completed',
      '--subscription-group',
      'voice=c3d4',
      '--keep-nulls',
      '--omit',
      'call.completed:notes',
      '--rename',
      'call.completed:disposition=call_disposition',
      '--attribute',
      'call.completed:last_call_disposition=disposition',
      '--attribute',
      'contact.unsubscribed:unsubscribed_from=source',
    ]);
    const options: BrazeTransformationOptions = {
      events: ['call.completed', 'contact.unsubscribed'],
      identifiers: ['external_id', 'phone_alias'],
      eventNames: { 'call.completed': 'Regal Call Completed' },
      subscriptionGroups: { voice: 'c3d4' },
      keepNulls: true,
      properties: {
        'call.completed': { omit: ['notes'], rename: { disposition: 'call_disposition' } },
      },
      attributes: {
        'call.completed': { last_call_disposition: 'disposition' },
        'contact.unsubscribed': { unsubscribed_from: 'source' },
      },
    };
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(toBrazeTransformation(options));
    expect(result.stdout).toContain(
      '//   npx regal-braze transformation --event call.completed --event contact.unsubscribed \\\n',
    );
    expect(result.stdout).toContain(
      '//     --attribute call.completed:last_call_disposition=disposition \\\n' +
        '//     --attribute contact.unsubscribed:unsubscribed_from=source\n',
    );
  });

  it('no --event: every event; warns that subscription events on channels without a group are refused', async () => {
    expect(await runCli(['transformation'])).toEqual({
      code: 0,
      stdout: toBrazeTransformation(),
      stderr:
        'regal-braze: warning: no subscription group for voice, sms, email: the code will refuse ' +
        'contact.subscribed / contact.unsubscribed on those channels (--subscription-group ' +
        'voice=ID, --subscription-group sms=ID, --subscription-group email=ID)\n',
    });
    const withGroups = await runCli(['transformation', ...ALL_GROUPS]);
    expect(withGroups.stderr).toBe('');
  });

  it('warns about the one channel left without a group, only when a subscription event is mapped', async () => {
    const some = await runCli([
      'transformation',
      '--event',
      'contact.unsubscribed',
      '--subscription-group',
      'voice=v',
      '--subscription-group',
      'sms=s',
    ]);
    expect(some.stderr).toBe(
      'regal-braze: warning: no subscription group for email: the code will refuse ' +
        'contact.subscribed / contact.unsubscribed on that channel (--subscription-group email=ID)\n',
    );
    const none = await runCli([
      'transformation',
      '--event',
      'call.completed',
      '--event',
      'sms.sent',
    ]);
    expect(none.stderr).toBe('');
  });

  it('refuses an event name Regal does not send, naming the closest ones (exit 2)', async () => {
    expect(await runCli(['transformation', '--event', 'sms.snet'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `regal-braze: --event: "sms.snet" is not a Regal event name (closest: sms.sent, mms.sent, sms.failed)\n${USAGE}`,
    });
    const typo = await runCli(['transformation', '--event', 'call.complete']);
    expect(typo.stderr).toBe(
      `regal-braze: --event: "call.complete" is not a Regal event name (closest: call.completed, call.placed, call.wrapup)\n${USAGE}`,
    );
    const omit = await runCli(['transformation', '--omit', 'call.complete:notes']);
    expect(omit.code).toBe(2);
    expect(omit.stderr).toContain('--omit: "call.complete" is not a Regal event name');
  });

  it('-o FILE writes the code there, nothing on stdout', async () => {
    const file = join(temp, 'regal-to-braze.js');
    const { code, stdout, stderr } = await runCli([
      'transformation',
      '--event',
      'call.completed',
      '-o',
      file,
    ]);
    const written = readFileSync(file, 'utf8');
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(written).toBe(toBrazeTransformation({ events: ['call.completed'] }));
    expect(stderr).toBe(
      `regal-braze: wrote ${file} (${Buffer.byteLength(written)} bytes): paste it into Braze, ` +
        'Data Settings > Data Transformation\n',
    );
  });

  it.each([
    [['call.completed'], 'unexpected argument "call.completed"'],
    [
      ['--event', 'sms.sent', '--event', 'sms.sent'],
      '--event "sms.sent": "sms.sent" is listed twice',
    ],
    [['--identifiers', 'email,email'], '--identifiers "email": "email" is listed twice'],
    [['--event'], 'option --event needs a value'],
    [['--omit', 'notes'], '--omit expects EVENT:PROPERTY, got "notes"'],
    [
      ['--rename', 'call.completed:disposition'],
      '--rename expects EVENT:REGAL=BRAZE, got "call.completed:disposition"',
    ],
    [
      ['--attribute', 'call.completed:=disposition'],
      '--attribute expects EVENT:ATTRIBUTE=PROPERTY, got "call.completed:=disposition"',
    ],
    [
      ['--omit', 'call.completed:notes', '--omit', 'call.completed:notes'],
      '--omit call.completed:notes is given twice',
    ],
    [
      ['--omit', 'contact.unsubscribed:text'],
      '--omit/--rename "contact.unsubscribed:…": contact.unsubscribed maps to a subscription change, not to a Braze event: it has no event properties',
    ],
  ])('%j: exit 2 with the usage line', async (args, reason) => {
    expect(await runCli(['transformation', ...args])).toEqual({
      code: 2,
      stdout: '',
      stderr: `regal-braze: ${reason}\n${USAGE}`,
    });
  });

  it('--help: how to paste it into Braze, and every option', async () => {
    const { code, stdout, stderr } = await runCli(['transformation', '-h']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.startsWith(USAGE)).toBe(true);
    expect(stdout).toContain('Data Settings > Data Transformation');
    for (const flag of [
      '  --event NAME ',
      '  -o, --output FILE ',
      '  --subscription-group CHANNEL=ID ',
      '  --omit EVENT:PROPERTY ',
      '  --rename EVENT:REGAL=BRAZE ',
      '  --attribute EVENT:ATTRIBUTE=PROPERTY\n',
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});

describe('regal-braze transformation on a terminal', () => {
  function io(isTTY: boolean) {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdin: new PassThrough(),
        stdout: { write: (text: string) => (out.stdout += text), isTTY },
        stderr: { write: (text: string) => (out.stderr += text) },
        env: {},
      },
    };
  }

  it('adds a short hint on stderr when stdout is a terminal, and only then', async () => {
    const terminal = io(true);
    expect(await main(['transformation', ...ALL_GROUPS], terminal.io)).toBe(0);
    expect(terminal.out.stdout).toBe(
      toBrazeTransformation({
        subscriptionGroups: { voice: 'g-voice', sms: 'g-sms', email: 'g-email' },
      }),
    );
    expect(terminal.out.stderr).toBe(
      'regal-braze: paste this code into Braze (Data Settings > Data Transformation), or write it to a file with -o FILE\n',
    );
    const piped = io(false);
    expect(await main(['transformation', ...ALL_GROUPS], piped.io)).toBe(0);
    expect(piped.out.stderr).toBe('');
  });
});
