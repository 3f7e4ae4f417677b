// `regal-braze` as a process: help, version, usage errors, and the executable itself.
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { CLI_PATH, runCli } from '../support/cli.js';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const GLOBAL_USAGE =
  'Usage: regal-braze <command> [options]   (regal-braze --help for the commands)\n';

describe('regal-braze', () => {
  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    expect(await runCli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([['--help'], ['-h'], ['help']])('%s lists the commands and exit codes', async (flag) => {
    const { code, stdout, stderr } = await runCli([flag]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain(
      `regal-braze ${version}: Regal reporting webhooks -> Braze /users/track`,
    );
    expect(stdout).toMatch(
      /^ {2}transform {9}print the Braze \/users\/track body of Regal events/m,
    );
    expect(stdout).toMatch(
      /^ {2}transformation {4}print paste-ready Braze Data Transformation code/m,
    );
    expect(stdout).toMatch(
      /^ {2}webhook-template {2}print a Braze webhook \(URL, headers, Liquid body\)/m,
    );
    expect(stdout).toContain('Exit codes: 0 success, 1 invalid input or event, 2 bad usage.');
  });

  it.each([['serve'], ['transform'], ['transformation']])(
    "help %s prints that command's help (as <command> --help does)",
    async (name) => {
      const viaHelp = await runCli(['help', name]);
      const viaFlag = await runCli([name, '--help']);
      expect(viaHelp).toEqual({ code: 0, stdout: viaFlag.stdout, stderr: '' });
      expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: regal-braze ${name} `));
    },
  );

  it('the same wording for an unknown option, before or after the command', async () => {
    expect(await runCli(['--bogus'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^regal-braze: unknown option "--bogus"\n/) as unknown,
    });
    expect(await runCli(['transform', '--bogus'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^regal-braze: unknown option "--bogus"\n/) as unknown,
    });
  });

  it.each([
    [[], 'regal-braze: no command given\n'],
    [['help', 'serve-me'], 'regal-braze: unknown command "serve-me"\n'],
    [['serve-me'], 'regal-braze: unknown command "serve-me"\n'],
    [['--verbose'], 'regal-braze: unknown option "--verbose"\n'],
  ])('%j: exit 2, the reason and the usage line on stderr', async (args, reason) => {
    expect(await runCli(args)).toEqual({ code: 2, stdout: '', stderr: reason + GLOBAL_USAGE });
  });

  it('is an executable with a node shebang (as the package bin)', async () => {
    expect(readFileSync(CLI_PATH, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(CLI_PATH).mode & 0o111).not.toBe(0);
    const { stdout } = await promisify(execFile)(CLI_PATH, ['--version']);
    expect(stdout).toBe(`${version}\n`);
  });
});

describe('main() with a terminal on stdin', () => {
  it('transform with no FILE and nothing piped in: exit 2 rather than wait for typing', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdin,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
    };
    expect(await main(['transform'], io)).toBe(2);
    expect({ stdout, stderr }).toEqual({
      stdout: '',
      stderr:
        'regal-braze: no input: give a FILE, or pipe Regal events on stdin\nUsage: regal-braze transform [FILE|-] [options]\n',
    });
  });
});
