import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Where the vitest global setup builds the CLI (as tsup builds dist/cli.js). */
export const CLI_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/regal-braze-test/', import.meta.url),
);

/** The built CLI. */
export const CLI_PATH = `${CLI_DIR}cli.js`;

/** What a run of the CLI gave. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `regal-braze` as a process. `stdin` is written then closed (closed at once
 * when not given, as a pipe with nothing in it).
 */
export function runCli(
  args: readonly string[],
  { stdin, cwd }: { stdin?: string; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** A CLI process left running (`regal-braze serve`), its output collected as it comes. */
export interface RunningCli {
  readonly child: ReturnType<typeof spawn>;
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the first match of `pattern` in stderr (rejects after `timeoutMs`). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
}

/** Starts the built CLI with `env` (in addition to a minimal PATH) and no stdin. */
export function startCli(args: readonly string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    output,
    exited,
    waitForStderr: (pattern, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.stderr.match(pattern);
          if (match === null) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(match);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} in stderr: ${output.stderr}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (listeners.has(check)) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`exited without ${pattern} in stderr: ${output.stderr}`));
          }
        });
        check();
      }),
  };
}
