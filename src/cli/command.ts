import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

/** One `regal-braze` command: a file under `src/cli/commands/`, listed in `commands/index.ts`. */
export interface Command {
  /** The word after `regal-braze`. */
  readonly name: string;
  /** One line for `regal-braze --help`. */
  readonly summary: string;
  /** The usage line, e.g. `regal-braze transform [FILE|-] [options]`. */
  readonly usage: string;
  /** The full text of `regal-braze <name> --help`. */
  readonly help: string;
  /**
   * Runs the command on the arguments after its name.
   * @returns the exit code (see `EXIT`).
   * @throws {@link UsageError} for a mistake in the command line.
   */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** `--help` / `-h`, which every command accepts. */
export const HELP_OPTION = {
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

function quoted(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

function usageMessage(error: Error & { code?: string }): string {
  const subject = quoted(error.message);
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return subject === undefined ? 'unknown option' : `unknown option ${JSON.stringify(subject)}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${subject ?? ''}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = subject?.replace(/ <value>$/, '') ?? '';
      if (error.message.includes('argument missing')) return `option ${option} needs a value`;
      if (error.message.includes('ambiguous')) {
        return `option ${option}: write a value that starts with "-" as ${option}=VALUE`;
      }
      if (error.message.includes('does not take')) return `option ${option} takes no value`;
      return error.message.split('\n')[0] as string;
    }
    default:
      return error.message;
  }
}

/**
 * Parses a command's arguments with `node:util` `parseArgs` (strict), turning its errors into
 * {@link UsageError}s with short messages.
 */
export function parseCommandArgs<const Options extends OptionsConfig>(
  usage: string,
  args: readonly string[],
  options: Options,
  allowPositionals: boolean,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: Options; allowPositionals: boolean; strict: true }>
> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError(usageMessage(error as Error & { code: string }), usage);
    }
    throw error;
  }
}
