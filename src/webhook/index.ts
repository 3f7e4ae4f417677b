export {
  createWebhookHandler,
  type WebhookHandler,
  type CloseOptions,
} from './create-webhook-handler.js';
export type { WebhookHandlerOptions } from './options.js';
export { toNodeListener, type NodeRequestLike, type NodeResponseLike } from './node-listener.js';
export { MemoryDedupStore, type DedupStore, type MemoryDedupStoreOptions } from './dedup-store.js';
export type { DeliveryFailure, DeliveryFailureKind } from './delivery-failure.js';
export type { WebhookStats } from './stats.js';
