// Event names: the Braze name of a Regal event is OPTIONS.eventNames[name], else its words
// title-cased ("sms.sent" -> "SMS Sent").
import type { ResolvedTransformOptions } from '../options.js';
import { remembered } from './remembered.js';

const UPPER_CASE_WORDS = ['sms', 'mms', 'ivr'];

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
      UPPER_CASE_WORDS.indexOf(word.toLowerCase()) !== -1
        ? word.toUpperCase()
        : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(' ');
}

const DEFAULT_NAMES = new Map<string, string>();

/** The Braze event name for a Regal event: `options.eventNames[name]`, else the default. */
export function brazeEventName(regalName: string, options: ResolvedTransformOptions): string {
  if (Object.prototype.hasOwnProperty.call(options.eventNames, regalName)) {
    return options.eventNames[regalName] as string;
  }
  return remembered(DEFAULT_NAMES, regalName, defaultBrazeEventName);
}
