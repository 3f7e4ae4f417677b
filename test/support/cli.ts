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
