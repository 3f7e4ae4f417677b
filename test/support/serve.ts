// `regal-braze serve` started as a process against a mock Braze, for the CLI tests.
import { startCli, type RunningCli } from './cli.js';
import type { MockBraze } from './mock-braze.js';

export const SERVE_SECRET = 'serve-secret-4b8e2a';
export const SERVE_KEY = 'serve-braze-key-93c1d0';

/** The environment `serve` needs, delivering to `braze`. */
export function serveEnv(braze: MockBraze): Record<string, string> {
  return {
    REGAL_WEBHOOK_SECRET: SERVE_SECRET,
    BRAZE_API_KEY: SERVE_KEY,
    BRAZE_REST_ENDPOINT: braze.url,
  };
}

/** The transform flags every serve test passes (the subscription events need groups). */
export const GROUP_ARGS: readonly string[] = [
  '--subscription-group',
  'voice=group-voice',
  '--subscription-group',
  'sms=group-sms',
];

/**
 * Starts `serve --port 0` with the test subscription groups (and `--memory` unless the
 * arguments choose a queue: nothing written in the working directory); resolves once it listens.
 */
export async function startServe(
  braze: MockBraze,
  extraArgs: readonly string[] = [],
): Promise<{ cli: RunningCli; url: string }> {
  const cli = startCli(
    ['serve', '--port', '0', ...GROUP_ARGS, ...queueArgs(extraArgs), ...extraArgs],
    serveEnv(braze),
  );
  const [, url] = await cli.waitForStderr(/listening on (http:\/\/127\.0\.0\.1:\d+) /);
  return { cli, url: url as string };
}

function queueArgs(args: readonly string[]): string[] {
  return args.some((arg) => ['--data-dir', '--redis-url', '--memory'].includes(arg))
    ? []
    : ['--memory'];
}

/** POSTs one Regal event to the bridge with the secret. */
export function postEvent(url: string, body: unknown, secret = SERVE_SECRET): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
