/**
 * Internal: where delivery stands, and how long it waits for Braze. A 429 pauses every request
 * until its reset; an outage (5xx, network, timeouts) backs off exponentially up to the longest
 * back-off, one request at a time until one goes through; a refused key (401/403) pauses the
 * same way, logged as an error.
 */
import type { SafeLogger } from '../http/logger.js';
import type { Clock } from './delivery-pipeline.js';
import type { Pause, Settlement } from './settle-batch.js';

/** Where delivery stands, as `stats().delivery` says. */
export type DeliveryState =
  /** Sending as events come. */
  | 'delivering'
  /** Braze answered 429: waiting for its reset. */
  | 'rate-limited'
  /** Braze unreachable or failing: backing off. */
  | 'braze-unavailable'
  /** Braze refused the API key (401/403): paused until a retry goes through. */
  | 'unauthorized'
  /** `close()` was called. */
  | 'closing';

const STATE_OF: Readonly<Record<Pause['cause'], DeliveryState>> = {
  'rate-limited': 'rate-limited',
  unavailable: 'braze-unavailable',
  unauthorized: 'unauthorized',
};

/** Internal: see the module comment. */
export class DeliveryPause {
  readonly #clock: Clock;
  readonly #logger: SafeLogger;
  readonly #initialBackoff: number;
  readonly #maxBackoff: number;
  #pause: Pause | undefined;
  #until = 0;
  #failuresInARow = 0;

  constructor(clock: Clock, logger: SafeLogger, initialBackoffMs: number, maxBackoffMs: number) {
    this.#clock = clock;
    this.#logger = logger;
    this.#initialBackoff = initialBackoffMs;
    this.#maxBackoff = maxBackoffMs;
  }

  /** The state while Braze is being waited out; `undefined` when it is not. */
  get state(): DeliveryState | undefined {
    return this.#pause === undefined ? undefined : STATE_OF[this.#pause.cause];
  }

  /** When the current pause ends (epoch ms); `undefined` when Braze is not being waited out. */
  get until(): number | undefined {
    return this.#pause === undefined ? undefined : this.#until;
  }

  /** Whether no request may go now. */
  active(): boolean {
    return this.#pause !== undefined && this.#clock.now() < this.#until;
  }

  /** Whether the last request failed: Braze is recovering, one request at a time. */
  get recovering(): boolean {
    return this.#failuresInARow > 0;
  }

  /** Pauses delivery for what the settlement says of Braze; returns the wait in ms. */
  record(settlement: Settlement): number | undefined {
    const pause = settlement.pause;
    if (pause === undefined) {
      if (settlement.delivered.length > 0 || settlement.dead.length > 0) {
        if (this.#pause !== undefined) {
          this.#logger.log('info', 'Braze accepts requests again: delivery resumed');
        }
        this.#pause = undefined;
        this.#failuresInARow = 0;
      }
      return undefined;
    }
    this.#failuresInARow++;
    const backoff = Math.min(
      this.#maxBackoff,
      this.#initialBackoff * 2 ** Math.min(this.#failuresInARow - 1, 30),
    );
    const wait =
      pause.cause === 'rate-limited' && pause.ms !== undefined ? Math.max(pause.ms, 1) : backoff;
    const until = this.#clock.now() + wait;
    const first = this.#pause?.cause !== pause.cause;
    this.#pause = pause;
    this.#until = Math.max(this.active() ? this.#until : 0, until);
    const seconds = Math.ceil(wait / 1000);
    if (pause.cause === 'unauthorized') {
      this.#logger.log(
        'error',
        `Braze refused the API key (401/403): delivery paused, events wait in the queue; check BRAZE_API_KEY and its users.track permission (next try in ${seconds} s)`,
        { delivery: 'unauthorized', retryInMs: wait },
      );
    } else if (first || this.#failuresInARow % 10 === 0) {
      this.#logger.log(
        'warn',
        pause.cause === 'rate-limited'
          ? `Braze rate limit (429): delivery paused for ${seconds} s, events wait in the queue`
          : `Braze unavailable: delivery backs off, next try in ${seconds} s; events wait in the queue`,
        { delivery: STATE_OF[pause.cause], retryInMs: wait },
      );
    }
    return wait;
  }
}
