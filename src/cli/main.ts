import { SDK_VERSION } from '../common/version.js';
import { escapeUnprintable } from '../common/text.js';
import { COMMANDS } from './commands/index.js';
import { EXIT, UsageError } from './exit.js';
import type { CliIo } from './io.js';

const USAGE = 'Usage: regal-braze <command> [options]   (regal-braze --help for the commands)';

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const commands = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `regal-braze ${SDK_VERSION}: Regal reporting webhooks -> Braze /users/track

Usage: regal-braze <command> [options]

Commands:
${commands.join('\n')}

Options:
  -h, --help     show this help (regal-braze help <command>, or <command> --help: a command's own)
  -v, --version  print the version

Exit codes: 0 success, 1 invalid input or event, 2 bad usage.
`;
}

/**
 * Runs `regal-braze` with the arguments after the program name.
 * @returns the exit code: 0 success, 1 invalid payload, 2 bad usage (see `EXIT`).
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === 'help' && rest.length > 0) {
      // `regal-braze help serve` is `regal-braze serve --help`.
      const [name, ...extra] = rest;
      const command = COMMANDS.find((candidate) => candidate.name === name);
      if (command === undefined)
        throw new UsageError(`unknown command ${JSON.stringify(name)}`, USAGE);
      if (extra.length > 0) {
        throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, USAGE);
      }
      io.stdout.write(`${command.help}\n`);
      return EXIT.ok;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout.write(help());
      return EXIT.ok;
    }
    if (first === '--version' || first === '-v') {
      io.stdout.write(`${SDK_VERSION}\n`);
      return EXIT.ok;
    }
    if (first === undefined) throw new UsageError('no command given', USAGE);
    const command = COMMANDS.find((candidate) => candidate.name === first);
    if (command === undefined) {
      const what = first.startsWith('-') ? 'unknown option' : 'unknown command';
      throw new UsageError(`${what} ${JSON.stringify(first)}`, USAGE);
    }
    return await command.run(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`regal-braze: ${escapeUnprintable(error.message)}\n${error.usage}\n`);
    return EXIT.usage;
  }
}
