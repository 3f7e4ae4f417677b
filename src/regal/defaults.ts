/** Regal's events API host. */
export const DEFAULT_REGAL_BASE_URL = 'https://events.regalvoice.com';

/** The `eventSource` Regal shows for what this SDK sends, unless told otherwise. */
export const DEFAULT_EVENT_SOURCE = 'braze';

/** Internal: the rule for an `eventSource`; the message of the issue when `value` breaks it. */
export function eventSourceProblem(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? undefined
    : 'must be a non-empty string';
}
