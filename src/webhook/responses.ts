/**
 * Internal: the bridge's answers. Every one is a small JSON object: `{ status }` for the 202s,
 * `{ error, message }` (plus `issues` for an invalid event) otherwise. None echoes a header,
 * so none can contain the secret.
 */
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** A JSON response. */
export function jsonResponse(
  status: number,
  body: object,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** 202 answers, built once: they are the hot path. */
const ACCEPTED_BODIES = {
  queued: JSON.stringify({ status: 'queued' }),
  duplicate: JSON.stringify({ status: 'duplicate' }),
  ignored: JSON.stringify({ status: 'ignored', reason: 'the event concerns no contact' }),
};

/** 202: queued for delivery, a duplicate, or an event that concerns no contact. */
export function accepted(kind: keyof typeof ACCEPTED_BODIES): Response {
  return new Response(ACCEPTED_BODIES[kind], { status: 202, headers: JSON_HEADERS });
}

/** An error answer: `{ error, message }`. */
export function failure(
  status: number,
  error: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  return jsonResponse(status, { error, message }, headers);
}
