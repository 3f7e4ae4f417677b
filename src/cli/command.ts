import { parseArgs, type ParseArgsConfig } from 'node:util';
import { printable } from '../common/text.js';
import { EXIT, UsageError } from './exit.js';
import type { CliIo } from './io.js';

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
const HELP_OPTION = {
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

type Parsed<Options extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: Options; allowPositionals: true; strict: true }>
>;

/**
 * Parses a command's arguments with `node:util` `parseArgs` (strict), turning its errors into
 * {@link UsageError}s with short messages.
 */
function parseCommandArgs<const Options extends OptionsConfig>(
  usage: string,
  args: readonly string[],
  options: Options,
): Parsed<Options> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError(usageMessage(error as Error & { code: string }), usage);
    }
    throw error;
  }
}

/** A command as {@link defineCommand} takes it: its texts, its options, what it does. */
export interface CommandSpec<Options extends OptionsConfig> extends Omit<Command, 'run'> {
  /** The options it takes besides `--help`, as `parseArgs` takes them. */
  readonly options: Options;
  /** Positional arguments it takes at most. Default 0. */
  readonly positionals?: number;
  /** Runs the command on its parsed arguments (`--help` is answered before). */
  run(parsed: Parsed<Options>, io: CliIo): Promise<number>;
}

/**
 * A {@link Command} from its spec: every command parses its arguments the same way, answers
 * `--help` with its help text, and refuses arguments beyond the positional ones it takes.
 */
export function defineCommand<const Options extends OptionsConfig>(
  spec: CommandSpec<Options>,
): Command {
  const { name, summary, usage, help } = spec;
  return {
    name,
    summary,
    usage,
    help,
    async run(args, io) {
      const parsed = parseCommandArgs(usage, args, { ...HELP_OPTION, ...spec.options });
      if ((parsed.values as { help?: boolean }).help === true) {
        io.stdout.write(`${help}\n`);
        return EXIT.ok;
      }
      const extra = parsed.positionals[spec.positionals ?? 0];
      if (extra !== undefined) {
        throw new UsageError(`unexpected argument "${printable(extra, 40)}"`, usage);
      }
      return spec.run(parsed as unknown as Parsed<Options>, io);
    },
  };
}
