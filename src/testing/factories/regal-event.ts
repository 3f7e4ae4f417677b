import { ValidationError, type Issue } from '../../errors/index.js';
import { quote } from '../../common/text.js';
import {
  REGAL_EVENT_NAMES,
  toIsoTime,
  type RegalEventMap,
  type RegalEventName,
} from '../../transforms/index.js';
import { defaultEnvelope, envelope, type RegalEnvelopeKind } from './envelope.js';
import { isPlainObject } from '../../common/objects.js';
import { checkOverrides, deepMerge, type DeepPartial } from './merge.js';
import { PROPERTIES } from './properties.js';
import { Random } from './random.js';
import { worldOf } from './world.js';

/** Options of {@link regalEvent}. */
export interface RegalEventOptions {
  /**
   * Pins every generated value: the same seed gives the same event, on every run and machine.
   * Events of different names with the same seed concern the same contact, agent and campaign.
   * Without it, each call takes the next seed of a sequence that starts at 1 when the module
   * loads (see {@link resetRegalEventSequence}).
   */
  seed?: number | string;
  /**
   * When the event happened: `'now'` for the current time, or a `Date`, Unix seconds or
   * milliseconds, or ISO 8601 text. Default: a fixed time of 2024 chosen by the seed, so tests
   * never depend on the clock. `originalTimestamp` and every time in `properties`
   * (`started_at`, `completed_at`, `timestamp`…) follow it.
   */
  at?: Date | number | string | 'now';
  /**
   * The envelope: `'standard'` (`userId`, `traits`, `eventId`…) or `'variant'` (snake_case
   * `event_id`, `external_id`, `contact_phone`…). Default: the one Regal uses for the event
   * (`variant` for `call.analysis.available`, `call.ivr.triggered`,
   * `email.conversation.completed` and `voicemail.completed`).
   */
  envelope?: RegalEnvelopeKind;
}

/** What {@link regalEvent} accepts as overrides for event `N`: any part of it, at any depth. */
export type RegalEventOverrides<N extends RegalEventName> = DeepPartial<RegalEventMap[N]>;

const NAMES: ReadonlySet<string> = new Set(REGAL_EVENT_NAMES);
const OPTIONS = new Set(['seed', 'at', 'envelope']);
let sequence = 0;

/**
 * Restarts the seed sequence of {@link regalEvent} calls made without a `seed`: the next such
 * call gets seed 1 again. Call it in `beforeEach` to make each test's events independent of the
 * tests that ran before it.
 */
export function resetRegalEventSequence(): void {
  sequence = 0;
}

/** The time `at` names, in Unix seconds; `undefined` when not given (or invalid: an issue). */
function explicitTime(at: unknown, issues: Issue[]): number | undefined {
  if (at === undefined) return undefined;
  if (at === 'now') return Math.floor(Date.now() / 1000);
  const iso =
    at instanceof Date
      ? toIsoTime(at.getTime())
      : typeof at === 'number' || typeof at === 'string'
        ? toIsoTime(at)
        : undefined;
  if (iso === undefined) {
    issues.push({
      path: ['options', 'at'],
      message: "must be 'now', a valid Date, Unix seconds or milliseconds, or ISO 8601 text",
    });
    return undefined;
  }
  return Math.floor(Date.parse(iso) / 1000);
}

function checkOptions(options: unknown): Issue[] {
  if (options === undefined) return [];
  if (!isPlainObject(options)) return [{ path: ['options'], message: 'must be a plain object' }];
  const issues: Issue[] = [];
  for (const key of Object.keys(options)) {
    if (!OPTIONS.has(key)) issues.push({ path: ['options', key], message: 'unknown option' });
  }
  const { seed, envelope: kind } = options as RegalEventOptions;
  if (
    seed !== undefined &&
    !(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))
  ) {
    issues.push({ path: ['options', 'seed'], message: 'must be a finite number or a string' });
  }
  if (kind !== undefined && kind !== 'standard' && kind !== 'variant') {
    issues.push({ path: ['options', 'envelope'], message: "must be 'standard' or 'variant'" });
  }
  return issues;
}

/**
 * Builds a valid, realistic Regal reporting event named `name` — any of the 40 documented
 * names — typed after the name ({@link RegalEventMap}). Every event passes the SDK's schemas and
 * maps through {@link "regal-braze/transforms"!transformRegalEvent | transformRegalEvent} to a body Braze accepts.
 *
 * Deterministic: values come from a seeded generator (`options.seed`, else the next seed of a
 * sequence), never from the clock unless `options.at` is `'now'`. `eventId`s are unique across
 * seeds and names.
 *
 * `overrides` is deep-merged into the event: plain objects merge key by key, at any depth;
 * arrays, `null` and other values replace what was there; `undefined` removes the key (as the
 * JSON Regal sends would not have it). Keys are copied as own properties, `__proto__` included.
 * Nothing is validated after the merge, so overrides can build the invalid events your code
 * must refuse.
 *
 * @param name - a documented Regal event name (`REGAL_EVENT_NAMES`).
 * @param overrides - parts of the event to set, change or remove.
 * @param options - `seed`, `at`, `envelope`.
 * @throws {@link ValidationError} for an unknown name, overrides that are not a plain object,
 * or bad options.
 *
 * @example
 * ```ts
 * import { regalEvent } from 'regal-braze/testing';
 *
 * const call = regalEvent('call.completed', { properties: { disposition: 'Booked' } });
 * call.properties?.disposition; // 'Booked'
 * const anonymous = regalEvent('sms.received', { userId: undefined, traits: { email: undefined } });
 * const pinned = regalEvent('sms.sent', {}, { seed: 42, at: '2024-05-01T12:00:00Z' });
 * ```
 */
export function regalEvent<N extends RegalEventName>(
  name: N,
  overrides?: RegalEventOverrides<N>,
  options?: RegalEventOptions,
): RegalEventMap[N] {
  const issues: Issue[] = [];
  if (typeof name !== 'string' || !NAMES.has(name)) {
    issues.push({
      path: ['name'],
      message: `${typeof name === 'string' ? quote(name) : typeof name} is not a documented Regal event name (see REGAL_EVENT_NAMES)`,
    });
  }
  issues.push(...checkOverrides(overrides), ...checkOptions(options));
  const time = isPlainObject(options) ? explicitTime(options.at, issues) : undefined;
  if (issues.length > 0) throw new ValidationError('regalEvent', issues);

  const seed = String(options?.seed ?? (sequence += 1));
  const world = worldOf(seed);
  const at = time ?? world.defaultTime;

  const properties = PROPERTIES[name]({ world, random: new Random(seed, name), at });
  const eventId = new Random(seed, `${name}#eventId`).uuid();
  const kind = options?.envelope ?? defaultEnvelope(name);
  const event = envelope(name, properties, kind, world, eventId, at);
  if (overrides !== undefined) deepMerge(event, overrides as Record<string, unknown>);
  return event as RegalEventMap[N];
}
