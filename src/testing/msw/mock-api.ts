import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { collectIssues } from '../../errors/errors.js';
import {
  readOptions,
  type Check,
  type OptionsSpec,
  type ResolvedOptions,
} from '../../common/options.js';
import type { RecordedCall } from './recorded-call.js';
import { checkReplies, type ScriptedReply } from './scripted-reply.js';

/**
 * An emulated API for msw: the request `handlers` to give `setupServer`, the `calls` they
 * received, and a queue of scripted replies.
 */
export interface MockApi<Body> {
  /** msw request handlers: `setupServer(...mock.handlers)` or `server.use(...mock.handlers)`. */
  readonly handlers: readonly HttpHandler[];
  /** Every request received, in order, with the status answered. Cleared by `reset()`. */
  readonly calls: readonly RecordedCall<Body>[];
  /** Queues replies for the next requests, one each, before normal behaviour resumes. */
  queue(...replies: ScriptedReply[]): void;
  /** Forgets the recorded calls and the replies still queued (e.g. in `afterEach`). */
  reset(): void;
}

/** What the emulated API answers. */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A request, as the emulated API sees it. */
export interface ReceivedRequest {
  headers: Readonly<Record<string, string>>;
  body: unknown;
}

/** How one API is emulated. */
export interface MockApiConfig {
  /** The public function building it, for messages. */
  helper: string;
  /** The URLs it answers `POST` on (msw patterns). */
  urls: readonly string[];
  /** Replies scripted from the start. */
  replies: readonly ScriptedReply[];
  /** The API's normal behaviour. */
  answer(request: ReceivedRequest): Answer;
  /** The answer to a scripted reply with a status. */
  scripted(reply: ScriptedReply & { status: number }): Answer;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Builds the handlers, the call log and the reply queue of one emulated API. */
export function createMockApi<Body>(config: MockApiConfig): MockApi<Body> {
  const calls: RecordedCall<Body>[] = [];
  const pending: ScriptedReply[] = [...config.replies];

  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    // Taken before any await: concurrent requests get the queued replies in arrival order.
    const reply = pending.shift();
    const text = await request.text();
    const body = parseJson(text);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const received = {
      method: request.method,
      url: request.url,
      headers,
      body: body as Body,
      text,
    };

    if (reply?.networkError === true) {
      calls.push({ ...received, status: 0, responseBody: undefined });
      if (reply.delayMs !== undefined) await delay(reply.delayMs);
      return HttpResponse.error();
    }
    const answer =
      reply?.status !== undefined
        ? config.scripted(reply as ScriptedReply & { status: number })
        : config.answer({ headers, body });
    const nullBody = NULL_BODY_STATUSES.has(answer.status);
    calls.push({
      ...received,
      status: answer.status,
      responseBody: nullBody ? undefined : answer.body,
    });
    if (reply?.delayMs !== undefined) await delay(reply.delayMs);
    const init = { status: answer.status, headers: answer.headers ?? {} };
    return nullBody ? new HttpResponse(null, init) : HttpResponse.json(answer.body as never, init);
  };

  return {
    handlers: config.urls.map((url) => http.post(url, resolver)),
    calls,
    queue(...replies: ScriptedReply[]): void {
      pending.push(...checkReplies(replies, `${config.helper} queue`));
    },
    reset(): void {
      calls.length = 0;
      pending.length = 0;
    },
  };
}

/** Reads a mock's options against its spec; throws a `ValidationError` naming the helper. */
export function readMockOptions<S extends OptionsSpec>(
  helper: string,
  spec: S,
  options: unknown,
): ResolvedOptions<S> {
  return collectIssues(`${helper} options`, (issues) =>
    readOptions(spec, options, issues, { unknownKey: 'unknown option' }),
  );
}

/**
 * The URL a mock answers on: any absolute http(s) URL (the mock has no reason to refuse a query
 * or credentials the client would), kept without trailing slashes.
 */
export const mockBaseUrl: Check<string> = (value, path, issues) => {
  if (typeof value === 'string' && /^https?:\/\/[^/\s]+/i.test(value)) {
    try {
      return new URL(value).href.replace(/\/+$/, '');
    } catch {
      // reported below
    }
  }
  issues.push({ path, message: 'must be an absolute http(s) URL' });
  return undefined;
};

/** The `replies` option of a mock: an array (each reply is checked by `checkReplies`). */
export const repliesOption: Check<unknown[]> = (value, path, issues) => {
  if (Array.isArray(value)) return value as unknown[];
  issues.push({ path, message: 'must be an array' });
  return undefined;
};
