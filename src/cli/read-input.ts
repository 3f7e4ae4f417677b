import { readFile } from 'node:fs/promises';
import { InvalidInputError, UsageError } from './exit.js';
import type { CliIo } from './io.js';

/** One event of the input, with where it was (`[2]`, `line 3`; none for a lone event). */
export interface InputEvent {
  readonly where: string | undefined;
  readonly value: unknown;
}

/** The events of an input, and its shape, which the output keeps. */
export interface EventsInput {
  /** One JSON value, a JSON array of events, or JSON lines (one event a line). */
  readonly shape: 'single' | 'array' | 'lines';
  readonly events: readonly InputEvent[];
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads the text of FILE, or of standard input for `-` or no FILE.
 * @throws {@link UsageError} when the file cannot be read, or nothing is piped in.
 */
export async function readInput(
  file: string | undefined,
  io: CliIo,
  usage: string,
): Promise<string> {
  if (file === undefined || file === '-') {
    if (file === undefined && io.stdin.isTTY === true) {
      throw new UsageError('no input: give a FILE, or pipe Regal events on stdin', usage);
    }
    return readStream(io.stdin);
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = (typeof code === 'string' && FILE_ERRORS[code]) || String(code ?? error);
    throw new UsageError(`cannot read ${JSON.stringify(file)}: ${reason}`, usage);
  }
}

function parseJson(text: string, where: string | undefined): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const prefix = where === undefined ? '' : `${where}: `;
    throw new InvalidInputError(`${prefix}invalid JSON (${(error as Error).message})`);
  }
}

/**
 * Splits an input into Regal events: one JSON value, a JSON array of them, or JSON lines.
 * @throws {@link InvalidInputError} for empty input or invalid JSON (naming the line).
 */
export function parseEventsInput(raw: string): EventsInput {
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    throw new InvalidInputError(
      'no input: expected a Regal event as JSON, a JSON array of events, or JSON lines',
    );
  }
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    const lines = text.split('\n');
    const first = lines.findIndex((line) => line.trim() !== '');
    // JSON lines when the first line is a JSON value of its own; else one broken document.
    let firstIsJson = true;
    try {
      JSON.parse(lines[first] as string);
    } catch {
      firstIsJson = false;
    }
    if (!firstIsJson) throw new InvalidInputError(`invalid JSON (${(error as Error).message})`);
    const events: InputEvent[] = [];
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `line ${index + 1}`;
      events.push({ where, value: parseJson(line, where) });
    });
    return { shape: 'lines', events };
  }
  if (Array.isArray(whole)) {
    return {
      shape: 'array',
      events: whole.map((value: unknown, index) => ({ where: `[${index}]`, value })),
    };
  }
  return { shape: 'single', events: [{ where: undefined, value: whole }] };
}
