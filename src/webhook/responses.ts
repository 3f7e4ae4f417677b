import type { WebhookAnswer } from './incoming.js';

/**
 * Internal: the bridge's answers. Every one is a small JSON object: `{ status }` for the 202s,
 * `{ error, message }` (plus `issues` for an invalid event) otherwise. None echoes a header,
 * so none can contain the secret.
 */
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json; charset=utf-8',
});

/** A JSON answer. */
export function jsonAnswer(
  status: number,
  body: object,
  headers: Record<string, string> = {},
): WebhookAnswer {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** 202 answers, built once: they are the hot path. */
const ACCEPTED: Readonly<Record<'queued' | 'duplicate' | 'ignored', WebhookAnswer>> = Object.freeze(
  {
    queued: Object.freeze(jsonAnswer(202, { status: 'queued' })),
    duplicate: Object.freeze(jsonAnswer(202, { status: 'duplicate' })),
    ignored: Object.freeze(
      jsonAnswer(202, { status: 'ignored', reason: 'the event concerns no contact' }),
    ),
  },
);

/** 202: queued for delivery, a duplicate, or an event that concerns no contact. */
export function accepted(kind: keyof typeof ACCEPTED): WebhookAnswer {
  return ACCEPTED[kind];
}

/** An error answer: `{ error, message }`. */
export function failure(
  status: number,
  error: string,
  message: string,
  headers?: Record<string, string>,
): WebhookAnswer {
  return jsonAnswer(status, { error, message }, headers);
}
