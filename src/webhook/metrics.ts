/**
 * Internal: the bridge's Prometheus metrics, through prom-client with a registry of the
 * handler's own (never prom-client's global one, so that two handlers, or the application's own
 * metrics, never collide). prom-client is loaded on first use (a scrape, or the first Braze
 * attempt): an application that never sends to Braze does not pay for loading it.
 *
 * Counters and gauges are read from the handler's `stats()` when scraped; only the Braze attempt
 * latencies and the retries are recorded as they happen (through the client's `fetch`).
 */
import type { FetchLike } from '../http/request-options.js';
import type { DeliveryState } from './delivery-state.js';
import type { WebhookStats } from './stats.js';

/** The content type of {@link BridgeMetrics.text}: Prometheus text format 0.0.4. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** How a Braze attempt ended, for the latency histogram. */
type AttemptOutcome = '2xx' | '4xx' | '429' | '5xx' | 'network' | 'timeout' | 'aborted';

/** Why an attempt is retried (by the client, or later by the pipeline). */
const RETRY_CAUSES = {
  '429': 'rate_limited',
  '5xx': 'server_error',
  network: 'network',
  timeout: 'timeout',
} as const satisfies Partial<Record<AttemptOutcome, string>>;

/** Upper bounds of the latency buckets, in seconds: Braze answers in 50 ms to 30 s. */
const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** `stats()` fields counted as rejected requests, by `reason` label. */
const REJECTED = {
  invalid: 'invalid',
  unauthorized: 'unauthorized',
  method_not_allowed: 'methodNotAllowed',
  too_large: 'tooLarge',
  unavailable: 'unavailable',
} as const satisfies Record<string, keyof WebhookStats>;

/** What the metrics read from the handler at each scrape. */
export interface MetricsSource {
  readonly stats: () => WebhookStats;
  /** When the oldest event not yet delivered was accepted (epoch ms); `undefined`: none. */
  readonly oldestAcceptedAt: () => number | undefined | Promise<number | undefined>;
}

type PromClient = typeof import('prom-client');
type Histogram = import('prom-client').Histogram<'outcome'>;
type Counter = import('prom-client').Counter<'cause'>;

interface Live {
  readonly registry: import('prom-client').Registry;
  readonly latency: Histogram;
  readonly retries: Counter;
}

const monotonicNow = (): number => performance.now();

function outcomeOfStatus(status: number): AttemptOutcome {
  if (status === 429) return '429';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  return '2xx';
}

function outcomeOfError(input: Request, init: RequestInit | undefined): AttemptOutcome {
  const signal = init?.signal ?? input.signal;
  if (signal?.aborted !== true) return 'network';
  // The client's per-attempt timeout aborts without a reason (an AbortError); close() with one.
  const reason: unknown = signal.reason;
  return reason instanceof DOMException && reason.name === 'AbortError' ? 'timeout' : 'aborted';
}

/** The delivery states that mean paused (`regal_braze_delivery_paused` 1). */
const PAUSED_STATES: ReadonlySet<DeliveryState> = new Set([
  'rate-limited',
  'braze-unavailable',
  'unauthorized',
]);
const DELIVERY_STATES: readonly DeliveryState[] = [
  'delivering',
  'rate-limited',
  'braze-unavailable',
  'unauthorized',
  'closing',
];

/** Internal: see the module comment. */
export class BridgeMetrics {
  readonly #source: MetricsSource;
  #live: Promise<Live> | undefined;
  /** Attempts that ended before prom-client was loaded (a handful at most). */
  #early: { outcome: AttemptOutcome; seconds: number }[] = [];

  constructor(source: MetricsSource) {
    this.#source = source;
  }

  /** The metrics in the Prometheus text format ({@link METRICS_CONTENT_TYPE}). */
  async text(): Promise<string> {
    const live = await this.#load();
    return live.registry.metrics();
  }

  /**
   * `fetch` for the Braze client: times each attempt (to the answer's headers) and counts the
   * failed ones that are retried, by cause. `inner` undefined: the global `fetch`, looked up at
   * call time (so that msw can patch it).
   */
  timedFetch(inner: FetchLike | undefined): FetchLike {
    return async (input, init) => {
      const startedAt = monotonicNow();
      let outcome: AttemptOutcome;
      try {
        const response = await (inner ?? globalThis.fetch)(input, init);
        outcome = outcomeOfStatus(response.status);
        return response;
      } catch (error) {
        outcome = outcomeOfError(input, init);
        throw error;
      } finally {
        this.#observe(outcome!, (monotonicNow() - startedAt) / 1_000);
      }
    };
  }

  #observe(outcome: AttemptOutcome, seconds: number): void {
    if (this.#live === undefined || this.#early.length > 0) {
      this.#early.push({ outcome, seconds });
      void this.#load();
      return;
    }
    void this.#live.then((live) => record(live, outcome, seconds));
  }

  #load(): Promise<Live> {
    this.#live ??= import('prom-client').then((client) => {
      const live = build(client, this.#source);
      for (const { outcome, seconds } of this.#early) record(live, outcome, seconds);
      this.#early = [];
      return live;
    });
    return this.#live;
  }
}

function record(live: Live, outcome: AttemptOutcome, seconds: number): void {
  live.latency.observe({ outcome }, seconds);
  const cause = RETRY_CAUSES[outcome as keyof typeof RETRY_CAUSES];
  if (cause !== undefined) live.retries.inc({ cause });
}

function build(client: PromClient, source: MetricsSource): Live {
  const registry = new client.Registry();
  const registers = [registry];
  const fromStats = (name: string, help: string, read: (stats: WebhookStats) => number) =>
    new client.Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read(source.stats()));
      },
    });

  fromStats('regal_braze_webhooks_received_total', 'Webhook requests received.', (s) => s.received);
  fromStats(
    'regal_braze_events_accepted_total',
    'Regal events accepted for delivery (answered 202 queued).',
    (s) => s.accepted,
  );
  fromStats(
    'regal_braze_events_duplicate_total',
    'Copies of an event already accepted (same eventId): answered 202, not forwarded.',
    (s) => s.duplicates,
  );
  fromStats(
    'regal_braze_events_ignored_total',
    'Events that concern no contact: answered 202, not forwarded.',
    (s) => s.ignored,
  );
  new client.Counter({
    name: 'regal_braze_webhooks_rejected_total',
    help: 'Webhook requests refused, by reason (invalid 400, unauthorized 401, method_not_allowed 405, too_large 413, unavailable 503).',
    labelNames: ['reason'],
    registers,
    collect() {
      this.reset();
      const stats = source.stats();
      for (const [reason, field] of Object.entries(REJECTED)) {
        this.inc({ reason }, stats[field] as number);
      }
    },
  });
  fromStats(
    'regal_braze_events_delivered_total',
    'Events whose every object Braze accepted.',
    (s) => s.delivered,
  );
  fromStats(
    'regal_braze_events_dead_lettered_total',
    'Events given up on and handed to onDeliveryFailure (dead letters).',
    (s) => s.failed,
  );
  fromStats(
    'regal_braze_braze_requests_total',
    'Requests sent to Braze /users/track (retries not counted).',
    (s) => s.brazeRequests,
  );

  new client.Gauge({
    name: 'regal_braze_queue_events',
    help: 'Accepted events not yet delivered (waiting or in a Braze request).',
    registers,
    collect() {
      const { queued, inFlight } = source.stats();
      this.set(queued + inFlight);
    },
  });
  new client.Gauge({
    name: 'regal_braze_queue_in_flight_events',
    help: 'Accepted events in Braze requests in flight.',
    registers,
    collect() {
      this.set(source.stats().inFlight);
    },
  });
  new client.Gauge({
    name: 'regal_braze_queue_oldest_event_age_seconds',
    help: 'Age of the oldest accepted event not yet delivered (0 when none).',
    registers,
    async collect() {
      const oldest = await source.oldestAcceptedAt();
      this.set(oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1_000));
    },
  });
  new client.Gauge({
    name: 'regal_braze_delivery_paused',
    help: '1 while delivery is paused: Braze rate-limiting (429), unavailable, or refusing the API key (401/403).',
    registers,
    collect() {
      this.set(PAUSED_STATES.has(source.stats().delivery) ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'regal_braze_delivery_state',
    help: 'Where delivery stands: 1 for the current state (delivering, rate-limited, braze-unavailable, unauthorized, closing).',
    labelNames: ['state'],
    registers,
    collect() {
      const current = source.stats().delivery;
      for (const state of DELIVERY_STATES) this.set({ state }, state === current ? 1 : 0);
    },
  });

  const latency = new client.Histogram({
    name: 'regal_braze_braze_request_duration_seconds',
    help: 'Time from sending an attempt to Braze to its answer (headers), by outcome (2xx, 4xx, 429, 5xx, network, timeout, aborted).',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const retries = new client.Counter({
    name: 'regal_braze_braze_retries_total',
    help: 'Braze attempts that failed in a way the bridge retries, by cause (rate_limited, server_error, network, timeout).',
    labelNames: ['cause'],
    registers,
  });
  for (const cause of Object.values(RETRY_CAUSES)) retries.inc({ cause }, 0);
  return { registry, latency, retries };
}
