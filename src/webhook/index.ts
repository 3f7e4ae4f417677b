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
export { memoryQueue, type MemoryQueueOptions } from './queue/memory-queue.js';
export { sqliteQueue, type SqliteQueueOptions } from './queue/sqlite-queue.js';
export { redisQueue, type RedisQueueOptions } from './queue/redis-queue.js';
export {
  redisDedupStore,
  type RedisDedupStore,
  type RedisDedupStoreOptions,
} from './redis-dedup-store.js';
export type {
  DeliveryQueue,
  NewEntry,
  QueueEntry,
  ObjectCounts,
  RetryLater,
  GiveUp,
  DeadLetter,
  DeadLetterKind,
  DeadLetterFilter,
  QueueDepth,
} from './queue/queue.js';
export { compareEntryIds, newEntry, matchesDeadLetter } from './queue/queue.js';
export type { DeliveryState } from './delivery-state.js';
