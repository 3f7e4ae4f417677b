import { escapeUnprintable } from '../common/text.js';
import type { SafeLogger } from '../http/logger.js';
import type { DedupStore } from './dedup-store.js';

/** Event ids longer than this are not remembered (they are forwarded, never taken for copies). */
const MAX_KEY_LENGTH = 256;
/** A store slower than this is treated as empty for that event. */
const STORE_TIMEOUT_MS = 1_000;
const FAILED = Symbol('store failed');

/** What {@link DedupMarks.mark} resolves to for a copy of an event already accepted. */
export const DUPLICATE: unique symbol = Symbol('duplicate');

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Internal: the marks the bridge keeps in a {@link DedupStore} for the events it accepted. Fails open: a store that throws or takes
 * more than a second is treated as empty (the event is forwarded, a warning logged), because a
 * duplicate costs less than a lost event and Regal does not resend.
 */
export class DedupMarks {
  readonly #store: DedupStore | undefined;
  readonly #windowMs: number;
  readonly #logger: SafeLogger;
  readonly #late = new Map<string, Promise<unknown>>();

  constructor(store: DedupStore | undefined, windowMs: number, logger: SafeLogger) {
    this.#store = store;
    this.#windowMs = windowMs;
    this.#logger = logger;
  }

  /**
   * Marks `eventId` as seen, unless it already was. Resolves to {@link DUPLICATE}, to the key
   * now held by the store, or to `undefined` when nothing was marked (no store, no or an
   * overlong id, or the store failed).
   */
  async mark(eventId: string | undefined): Promise<typeof DUPLICATE | string | undefined> {
    const store = this.#store;
    if (store === undefined || eventId === undefined || eventId.length > MAX_KEY_LENGTH) {
      return undefined;
    }
    // `has` first: a store whose `add` cannot tell (returns nothing) still catches copies.
    if ((await this.#call('has', () => store.has(eventId))) === true) return DUPLICATE;
    let pending: unknown;
    const added = await this.#call('add', () => (pending = store.add(eventId, this.#windowMs)));
    if (added === FAILED && isThenable(pending)) {
      // It may still land: a failed delivery must delete after it, not before.
      const late = Promise.resolve(pending).catch(() => undefined);
      this.#late.set(eventId, late);
      void late.then(() => setTimeout(() => this.#late.delete(eventId), 0));
    }
    if (added === false) return DUPLICATE;
    // A failed or late add may still land: keep the key so a failed delivery deletes it.
    return eventId;
  }

  /** Forgets a key (the event did not reach Braze); never throws. */
  async forget(key: string): Promise<void> {
    const store = this.#store;
    if (store === undefined) return;
    const late = this.#late.get(key);
    if (late !== undefined) await this.#call('add', () => late);
    await this.#call('delete', () => store.delete(key));
  }

  async #call<T>(what: string, call: () => T | Promise<T>): Promise<T | typeof FAILED> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const value = call();
      if (!isThenable(value)) return value;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)),
          STORE_TIMEOUT_MS,
        );
      });
      return await Promise.race([value, timeout]);
    } catch (error) {
      const consequence =
        what === 'delete' ? 'the event stays marked as seen' : 'event handled as new';
      const reason = escapeUnprintable(String((error as Error)?.message ?? error));
      this.#logger.log('warn', `dedupStore.${what} failed, ${consequence}: ${reason}`, {
        method: what,
      });
      return FAILED;
    } finally {
      clearTimeout(timer);
    }
  }
}
