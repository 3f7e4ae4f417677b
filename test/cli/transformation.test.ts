// `regal-braze transformation` as a process, including the "Done when" check: the code
// printed for call.completed, pasted into a fresh vm with the seed's payload, returns what
// Braze's own template returns.
import { describe, expect, it } from 'vitest';
import { toBrazeTransformation } from '../../src/transforms/index.js';
import { runCli } from '../support/cli.js';
import { fixture, seedTemplate } from '../support/fixtures.js';
import { runTransformation, withoutNulls } from '../support/run-in-vm.js';

const USAGE = 'Usage: regal-braze transformation [--event NAME]... [options]\n';

describe('regal-braze transformation', () => {
  it('--event call.completed: code that returns what the seed template returns (modulo nulls)', async () => {
    const { code, stdout, stderr } = await runCli(['transformation', '--event', 'call.completed']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const payload = fixture('call.completed');
    const expected = withoutNulls(runTransformation(seedTemplate('call.completed'), payload));
    expect(runTransformation(stdout, payload)).toEqual(expected);
    expect(expected).toMatchObject({ events: [{ external_id: '123', name: 'Call Completed' }] });
  });

  it('prints exactly what toBrazeTransformation gives for the same options', async () => {
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
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: toBrazeTransformation({
        events: ['call.completed', 'contact.unsubscribed'],
        identifiers: ['external_id', 'phone_alias'],
        eventNames: { 'call.completed': 'Regal Call Completed' },
        subscriptionGroups: { voice: 'c3d4' },
        keepNulls: true,
      }),
      stderr: '',
    });
  });

  it('no --event: every event', async () => {
    expect(await runCli(['transformation'])).toEqual({
      code: 0,
      stdout: toBrazeTransformation(),
      stderr: '',
    });
  });

  it('warns about an event name Regal does not document, and still prints the code', async () => {
    const { code, stdout, stderr } = await runCli(['transformation', '--event', 'call.complete']);
    expect(code).toBe(0);
    expect(stdout).toBe(toBrazeTransformation({ events: ['call.complete'] }));
    expect(stderr).toBe(
      'regal-braze: warning: "call.complete" is not a documented Regal event name\n',
    );
  });

  it.each([
    [['call.completed'], 'unexpected argument "call.completed"'],
    [
      ['--event', 'sms.sent', '--event', 'sms.sent'],
      '--event "sms.sent": "sms.sent" is listed twice',
    ],
    [['--event', ' '], '--event " ": must be a non-empty string'],
    [['--identifiers', 'email,email'], '--identifiers "email": "email" is listed twice'],
    [['--event'], 'option --event needs a value'],
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
    expect(stdout).toContain('  --event NAME ');
    expect(stdout).toContain('  --subscription-group CHANNEL=ID ');
  });
});
