import { isPlainObject } from '../../common/objects.js';
import { nonEmptyString, type OptionsSpec } from '../../common/options.js';
import {
  createMockApi,
  readMockOptions,
  mockBaseUrl,
  repliesOption,
  type Answer,
  type MockApi,
  type ReceivedRequest,
} from './mock-api.js';
import { checkReplies, statusText, type ScriptedReply } from './scripted-reply.js';

/** Options of {@link regalHandlers}. */
export interface RegalHandlersOptions {
  /** The base URL your code is configured with. Default `https://events.regalvoice.com`. */
  baseUrl?: string;
  /**
   * The only API key to accept: any other `Authorization` gets a 401. Default: any non-empty
   * key sent raw, as Regal wants it (a `Bearer …` value gets a 401).
   */
  apiKey?: string;
  /** Replies scripted for the first requests (see {@link ScriptedReply}); `queue()` adds more. */
  replies?: ScriptedReply[];
}

/** The emulated Regal events API that {@link regalHandlers} returns. */
export type RegalApiMock = MockApi<Record<string, unknown>>;

const OPTIONS = {
  baseUrl: { check: mockBaseUrl, default: 'https://events.regalvoice.com' },
  apiKey: { check: nonEmptyString },
  replies: { check: repliesOption },
} as const satisfies OptionsSpec;
const CHANNELS = new Set(['voice', 'sms', 'email']);

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function hasEntries(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length > 0;
}

/** What Regal documents it refuses with a 400. Invalid phone numbers are not among them. */
function problemsOf(body: unknown): string[] {
  if (!isPlainObject(body)) return ['body must be a JSON object'];
  const problems: string[] = [];
  const traits = body.traits;
  if (traits !== undefined && !isPlainObject(traits)) problems.push('traits must be an object');
  if (body.properties !== undefined && !isPlainObject(body.properties)) {
    problems.push('properties must be an object');
  }
  if (body.name !== undefined && !hasText(body.name))
    problems.push('name must be a non-empty string');
  const t = isPlainObject(traits) ? traits : {};
  const identified =
    hasText(body.userId) ||
    hasText(t.phone) ||
    hasText(t.email) ||
    hasEntries(t.phones) ||
    hasEntries(t.emails);
  if (!identified) {
    problems.push(
      'one of userId, traits.phone, traits.email, traits.phones or traits.emails is required',
    );
  }
  if (t.optIn !== undefined) {
    const valid =
      Array.isArray(t.optIn) &&
      t.optIn.every(
        (optIn) =>
          isPlainObject(optIn) &&
          CHANNELS.has(optIn.channel as string) &&
          typeof optIn.subscribed === 'boolean',
      );
    if (!valid)
      problems.push('traits.optIn entries need channel (voice, sms, email) and subscribed');
  }
  return problems;
}

function authorized(authorization: string | undefined, apiKey: string | undefined): boolean {
  if (authorization === undefined || authorization.trim() === '') return false;
  if (apiKey !== undefined) return authorization === apiKey;
  return !/^bearer\s/i.test(authorization);
}

/**
 * msw handlers that emulate Regal's events API (`POST {baseUrl}/events`) as documented, for
 * testing code that uses `RegalClient` — or your own HTTP code — with no network:
 *
 * - `Authorization` must be the raw API key (no `Bearer`): else 401 `{ message: 'Unauthorized' }`;
 * - the body must be a JSON object with an identifier (`userId`, `traits.phone`, `traits.email`,
 *   `traits.phones` or `traits.emails`), object `traits`/`properties`, a non-empty `name` if any,
 *   and opt-ins with `channel` and `subscribed`: else 400 `{ message: <the problems> }`;
 * - otherwise 200 `{ message: 'ok' }`. Like Regal, the mock accepts invalid phone numbers
 *   (Regal drops them later, silently).
 *
 * Every request is recorded in `calls`; `queue()` scripts 429s, 5xx, network errors and delays.
 * Needs msw 2.7+ or 3 (an optional peer dependency).
 *
 * @throws {@link "regal-braze/testing"!ValidationError | ValidationError} for bad options.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { regalHandlers } from 'regal-braze/testing/msw';
 *
 * const regal = regalHandlers({ apiKey: 'test-key' });
 * const server = setupServer(...regal.handlers);
 * // server.listen() in beforeAll; then run your code and check what Regal received:
 * expect(regal.calls[0]?.body).toMatchObject({ userId: 'u-1', name: 'Signed Up' });
 * ```
 */
export function regalHandlers(options?: RegalHandlersOptions): RegalApiMock {
  const { baseUrl, apiKey, replies: given } = readMockOptions('regalHandlers', OPTIONS, options);
  const replies = given === undefined ? [] : checkReplies(given, 'regalHandlers options.replies');

  return createMockApi({
    helper: 'regalHandlers',
    urls: [`${baseUrl}/events`],
    replies,
    answer({ headers, body }: ReceivedRequest): Answer {
      if (!authorized(headers.authorization, apiKey)) {
        return { status: 401, body: { message: 'Unauthorized' } };
      }
      const problems = problemsOf(body);
      if (problems.length > 0) return { status: 400, body: { message: problems.join('; ') } };
      return { status: 200, body: { message: 'ok' } };
    },
    scripted(reply): Answer {
      const retryAfter = reply.retryAfter ?? (reply.status === 429 ? 0 : undefined);
      const headers: Record<string, string> = {};
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      return {
        status: reply.status,
        body: reply.body ?? { message: reply.status < 300 ? 'ok' : statusText(reply.status) },
        headers: { ...headers, ...reply.headers },
      };
    },
  });
}
