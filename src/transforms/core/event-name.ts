import type { ResolvedTransformOptions } from '../options.js';

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

/** The Braze event name for a Regal event: `options.eventNames[name]`, else the default. */
export function brazeEventName(regalName: string, options: ResolvedTransformOptions): string {
  return Object.prototype.hasOwnProperty.call(options.eventNames, regalName)
    ? (options.eventNames[regalName] as string)
    : defaultBrazeEventName(regalName);
}
