import { formatIssues, type Issue } from '../../common/text.js';
import {
  checkRequestLimit,
  DEFAULT_REQUEST_LIMIT,
  type BrazeRequestLimit,
} from '../../transforms/users-track/limits.js';
import { requestLimitIssues } from '../../transforms/users-track/validate-users-track.js';
import { validateUsersTrack, type UsersTrackRequest } from '../../transforms/index.js';
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

/** Options of {@link brazeHandlers}. */
export interface BrazeHandlersOptions {
  /**
   * Your Braze REST endpoint (`https://rest.iad-01.braze.com`). Default: every Braze REST host
   * (`https://rest.*.braze.com` and `https://rest.*.braze.eu`).
   */
  restEndpoint?: string;
  /**
   * The only REST API key to accept (`Authorization: Bearer <apiKey>`): any other gets a 401.
   * Default: any non-empty `Bearer` key.
   */
  apiKey?: string;
  /**
   * How the emulated workspace counts the objects of one request (see
   * {@link BrazeRequestLimit}): a body over it gets a 400. Default `'75-combined'`: 75 in all.
   */
  requestLimit?: BrazeRequestLimit;
  /** Replies scripted for the first requests (see {@link ScriptedReply}); `queue()` adds more. */
  replies?: ScriptedReply[];
}

/** One object Braze could not process, in the `errors` of a `/users/track` answer. */
export interface BrazeObjectError {
  /** What is wrong (the mock's wording: {@link validateUsersTrack}'s messages). */
  type: string;
  /** The array that holds the object. */
  input_array: 'attributes' | 'events' | 'purchases';
  /** Its index in that array. */
  index: number;
}

/** The emulated Braze REST API that {@link brazeHandlers} returns. */
export type BrazeApiMock = MockApi<UsersTrackRequest>;

const OPTIONS = {
  restEndpoint: { check: mockBaseUrl },
  apiKey: { check: nonEmptyString },
  requestLimit: { check: checkRequestLimit, default: DEFAULT_REQUEST_LIMIT },
  replies: { check: repliesOption },
} as const satisfies OptionsSpec;
const ARRAYS = ['attributes', 'events', 'purchases'] as const;
const DEFAULT_URLS = [
  'https://rest.*.braze.com/users/track',
  'https://rest.*.braze.eu/users/track',
];
/** `/users/track` allows 3,000 requests per 3 seconds per workspace. */
const RATE_LIMIT = 3000;

function authorized(authorization: string | undefined, apiKey: string | undefined): boolean {
  const match = /^Bearer (\S.*)$/.exec(authorization ?? '');
  if (match === null) return false;
  return apiKey === undefined || match[1] === apiKey;
}

function tooMany(body: Record<string, unknown>, requestLimit: BrazeRequestLimit): boolean {
  const counts = { attributes: 0, events: 0, purchases: 0 };
  for (const kind of ARRAYS) {
    const list = body[kind];
    if (Array.isArray(list)) counts[kind] = list.length;
  }
  return requestLimitIssues(counts, requestLimit).length > 0;
}

/** Braze's answer to a well-formed body: per-object problems become partial `errors`. */
function track(body: Record<string, unknown>, requestLimit: BrazeRequestLimit): Answer {
  if (tooMany(body, requestLimit)) {
    return { status: 400, body: { message: 'Max Input Length Exceeded' } };
  }
  const issues = validateUsersTrack(body, { requestLimit });
  const fatal = issues.filter((issue) => issue.path.length < 2);
  if (fatal.length > 0) {
    return { status: 400, body: { message: formatIssues(fatal) } };
  }
  const byObject = new Map<string, Issue[]>();
  for (const issue of issues) {
    const key = `${String(issue.path[0])}/${String(issue.path[1])}`;
    const relative = { path: issue.path.slice(2), message: issue.message };
    byObject.set(key, [...(byObject.get(key) ?? []), relative]);
  }
  const errors: BrazeObjectError[] = [];
  const answer: Record<string, unknown> = { message: 'success' };
  for (const kind of ARRAYS) {
    const list = body[kind];
    if (!Array.isArray(list)) continue;
    let processed = 0;
    list.forEach((_, index) => {
      const problems = byObject.get(`${kind}/${index}`);
      if (problems === undefined) processed += 1;
      else errors.push({ type: formatIssues(problems), input_array: kind, index });
    });
    answer[`${kind}_processed`] = processed;
  }
  if (errors.length > 0) answer.errors = errors;
  return { status: 201, body: answer };
}

/**
 * msw handlers that emulate Braze's `POST /users/track` as documented, for testing code that
 * uses `BrazeClient`, the webhook bridge — or your own HTTP code — with no network:
 *
 * - `Authorization` must be `Bearer <key>`: else 401 `{ message: 'Invalid API key' }`;
 * - more objects than `requestLimit` allows (default: more than 75 in all): 400
 *   `{ message: 'Max Input Length Exceeded' }`; a body that is not a `/users/track` body
 *   (not an object, no arrays, unknown fields): 400;
 * - otherwise 201 `{ message: 'success', events_processed, … }`, where each object that Braze
 *   would reject (see {@link validateUsersTrack}) is left out of the counts and listed in
 *   `errors: [{ type, input_array, index }]` — Braze's partial success. (Wording of `type` and
 *   of 400 messages is the mock's own.)
 *
 * Every request is recorded in `calls`; `queue()` scripts 429s (with `Retry-After` and
 * `X-RateLimit-Limit`/`-Remaining`/`-Reset`), 5xx, network errors and delays. Needs msw 2.7+ or 3
 * (an optional peer dependency).
 *
 * @throws {@link "regal-braze/testing"!ValidationError | ValidationError} for bad options.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { brazeHandlers } from 'regal-braze/testing/msw';
 *
 * const braze = brazeHandlers({ apiKey: 'test-key' });
 * const server = setupServer(...braze.handlers);
 * braze.queue({ status: 429, retryAfter: 0 }); // the first request is rate limited
 * // … run your code, then:
 * expect(braze.calls.map((call) => call.status)).toEqual([429, 201]);
 * ```
 */
export function brazeHandlers(options?: BrazeHandlersOptions): BrazeApiMock {
  const {
    restEndpoint,
    apiKey,
    requestLimit,
    replies: given,
  } = readMockOptions('brazeHandlers', OPTIONS, options);
  const replies = given === undefined ? [] : checkReplies(given, 'brazeHandlers options.replies');

  return createMockApi({
    helper: 'brazeHandlers',
    urls: restEndpoint === undefined ? DEFAULT_URLS : [`${restEndpoint}/users/track`],
    replies,
    answer({ headers, body }: ReceivedRequest): Answer {
      if (!authorized(headers.authorization, apiKey)) {
        return { status: 401, body: { message: 'Invalid API key' } };
      }
      if (!isPlainObject(body)) {
        return { status: 400, body: { message: 'The body must be a JSON object' } };
      }
      return track(body, requestLimit);
    },
    scripted(reply): Answer {
      const headers: Record<string, string> = {};
      const retryAfter = reply.retryAfter ?? (reply.status === 429 ? 0 : undefined);
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      if (reply.status === 429) {
        headers['x-ratelimit-limit'] = String(RATE_LIMIT);
        headers['x-ratelimit-remaining'] = '0';
        headers['x-ratelimit-reset'] = String(Math.ceil(Date.now() / 1000 + (retryAfter ?? 0)));
      }
      return {
        status: reply.status,
        body: reply.body ?? { message: reply.status < 300 ? 'success' : statusText(reply.status) },
        headers: { ...headers, ...reply.headers },
      };
    },
  });
}
