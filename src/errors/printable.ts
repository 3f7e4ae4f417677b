// Control characters and line separators: text from a payload must not add lines to a log.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(char: string): string {
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Text made safe for one line of a log or terminal: line breaks, escape sequences and other
 * control characters (which an untrusted payload may carry into a message) are shown escaped.
 */
export function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

/** Text from a payload made safe for a one-line message: cut to `max`, control characters escaped. */
export function printable(text: string, max = 80): string {
  return escapeUnprintable(text.slice(0, max));
}

/** Text from a payload in double quotes, JSON-escaped and safe for a one-line message. */
export function quote(text: string, max = 80): string {
  return escapeUnprintable(JSON.stringify(text.slice(0, max)));
}
