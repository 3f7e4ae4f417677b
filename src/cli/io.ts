/** What a command may touch of the process: its streams and environment (replaceable in tests). */
export interface CliIo {
  /** Standard input; `isTTY` is true when nothing is piped in. */
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /** Standard output; `isTTY` is true when it is a terminal (not a file or a pipe). */
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly env: NodeJS.ProcessEnv;
}

/** The real process. */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}
