import type { ResolvedTransformOptions } from '../options.js';
import { REGAL_EVENT_NAMES } from '../regal-event-names.js';

const UPPER_CASE_WORDS = new Set(['sms', 'mms', 'ivr']);

/**
 * The Braze event name Regal events get by default: words title-cased, SMS/MMS/IVR upper-cased.
 *
 * @example
 * ```ts
 * defaultBrazeEventName('call.recording.available'); // 'Call Recording Available'
 * defaultBrazeEventName('sms.sent'); // 'SMS Sent'
 * ```
 */
export function defaultBrazeEventName(regalName: string): string {
  return regalName
    .split(/[._\s]+/)
    .filter((word) => word !== '')
    .map((word) =>
      UPPER_CASE_WORDS.has(word.toLowerCase())
        ? word.toUpperCase()
        : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(' ');
}

const DEFAULT_NAMES: ReadonlyMap<string, string> = new Map(
  REGAL_EVENT_NAMES.map((name) => [name, defaultBrazeEventName(name)]),
);

/** The Braze event name for a Regal event: `options.eventNames[name]`, else the default. */
export function brazeEventName(regalName: string, options: ResolvedTransformOptions): string {
  if (Object.prototype.hasOwnProperty.call(options.eventNames, regalName)) {
    return options.eventNames[regalName] as string;
  }
  return DEFAULT_NAMES.get(regalName) ?? defaultBrazeEventName(regalName);
}
