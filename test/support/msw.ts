// msw for tests: a server that fails on any request no handler expects; the shipped Braze double
// on it (`useBraze`), for behaviour against Braze; and a recorder of what went over the wire
// (raw body text, headers) with replies scripted per attempt, for wire-format tests of any
// client and for answers that depend on what a request holds.
import { http, HttpResponse, type HttpResponseResolver, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  brazeHandlers,
  type BrazeApiMock,
  type BrazeHandlersOptions,
} from '../../src/testing/msw/braze-handlers.js';
import type { RecordedCall } from '../../src/testing/msw/recorded-call.js';

/** One request as it left the client (what the testing kit's mocks record, less their answer). */
export type RecordedRequest = Pick<RecordedCall<unknown>, 'method' | 'url' | 'headers' | 'text'>;

/**
 * `server.listen()` options that fail on any request no handler expects, under msw 2
 * (`onUnhandledRequest`) and msw 3 (`onUnhandledFrame`) alike: each major ignores the other's key.
 */
export const failOnUnhandled = {
  onUnhandledFrame: 'error',
  onUnhandledRequest: 'error',
} as Parameters<ReturnType<typeof setupServer>['listen']>[0];

/** Starts an msw server for the current test file that fails on unhandled requests. */
export function useMsw(): ReturnType<typeof setupServer> {
  const server = setupServer();
  beforeAll(() => server.listen(failOnUnhandled));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** The REST endpoint of the Braze double in behaviour tests. */
export const BRAZE_TEST_ENDPOINT = 'https://braze.test';

/**
 * The shipped Braze double (`brazeHandlers`) answering on `server` until its handlers are reset:
 * Braze's rules, its answers, and every call recorded. Scripted replies (`queue()`) stand for
 * faults.
 */
export function useBraze(
  server: ReturnType<typeof setupServer>,
  options: BrazeHandlersOptions = {},
): BrazeApiMock {
  const braze = brazeHandlers({ restEndpoint: BRAZE_TEST_ENDPOINT, ...options });
  server.use(...braze.handlers);
  return braze;
}

/** An answer for the n-th request (0-based) to the recorded route. */
export type Reply = (index: number, request: Request) => Response | Promise<Response>;

/** Default answer: Regal's `200 {"message":"ok"}`. */
export const ok: Reply = () => HttpResponse.json({ message: 'ok' });

/**
 * Registers a POST handler on `url` that records every request and answers with `reply`.
 * Returns the list the requests are pushed to.
 */
export function recordPosts(
  server: ReturnType<typeof setupServer>,
  url: string,
  reply: Reply = ok,
): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  const resolver: HttpResponseResolver = async ({ request }) => {
    const index = requests.length;
    requests.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers.entries()),
      text: await request.clone().text(),
    });
    return reply(index, request);
  };
  server.use(http.post(url, resolver));
  return requests;
}

/** Answers with the given statuses in turn (the last one repeats), JSON bodies, extra headers. */
export function statuses(
  sequence: readonly number[],
  headers: Record<string, string> = {},
  body: JsonBodyType = { message: 'ok' },
): Reply {
  return (index) => {
    const status = sequence[Math.min(index, sequence.length - 1)] as number;
    return HttpResponse.json(status < 300 ? { message: 'ok' } : body, { status, headers });
  };
}
