/**
 * Internal: what the bridge's core needs of a webhook request, and what it answers. The
 * Fetch-API handler and the Node fast path (`toNodeListener`) are two thin shells around the
 * same core: building a `Request` and a `Response` for each webhook costs Node more than
 * everything the bridge itself does with it, so the Node path skips them.
 */
import type { BodyRead } from './read-body.js';

/** One webhook request, whatever carried it. */
export interface IncomingWebhook {
  /** Upper-case method. */
  readonly method: string;
  /** A header's value (name in lower case), `null` when absent. */
  header(name: string): string | null;
  /** Reads the body, at most `limit` bytes (enforced while reading). */
  read(limit: number): Promise<BodyRead>;
  /** Gives up on the body (answered without reading it). */
  discard(): Promise<void>;
}

/** The answer to send back. */
export interface WebhookAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text. */
  readonly body: string;
}

/** Marks handlers made by `createWebhookHandler`, holding the core `toNodeListener` calls directly. */
export const WEBHOOK_CORE: unique symbol = Symbol.for('regal-braze.webhook-core');

/** The core: an incoming webhook in, the answer out. Never rejects. */
export type WebhookCore = (incoming: IncomingWebhook) => Promise<WebhookAnswer>;
