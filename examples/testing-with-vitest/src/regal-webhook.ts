// A user's own Regal reporting-webhook endpoint (the code under test): it checks the shared
// secret Regal was configured to send, maps the event with regal-braze/transforms and sends it
// to Braze's /users/track.
import { timingSafeEqual } from 'node:crypto';
import { PayloadError, transformRegalEvent, type TransformOptions } from 'regal-braze/transforms';

export interface RegalWebhookConfig {
  /** The value of the `x-webhook-secret` header Regal is configured to send. */
  secret: string;
  /** Your Braze REST endpoint, e.g. `https://rest.iad-01.braze.com`. */
  brazeEndpoint: string;
  /** A Braze REST API key with the `users.track` permission. */
  brazeApiKey: string;
  transformOptions?: TransformOptions;
}

function sameSecret(given: string | null, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A Fetch-API handler: `(request) => Response`, for any server that speaks Request/Response. */
export function createRegalWebhook(config: RegalWebhookConfig) {
  return async (request: Request): Promise<Response> => {
    if (!sameSecret(request.headers.get('x-webhook-secret'), config.secret)) {
      return new Response(null, { status: 401 });
    }
    let body;
    try {
      body = transformRegalEvent(await request.json(), config.transformOptions);
    } catch (error) {
      if (error instanceof PayloadError || error instanceof SyntaxError) {
        return Response.json({ error: error.message }, { status: 422 });
      }
      throw error;
    }
    if (body === undefined) return new Response(null, { status: 204 }); // nothing for Braze
    const braze = await fetch(`${config.brazeEndpoint}/users/track`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${config.brazeApiKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return new Response(null, { status: braze.ok ? 202 : 502 });
  };
}
