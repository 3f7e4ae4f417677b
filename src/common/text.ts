// Text of messages: untrusted strings made safe for one line, and paths/issues as users read them.

/* The Data Transformation code is built from this file (as ES2018): no ?. or ?? here. */

/** Keys and array indexes from the root of an input to a value. */
export type Path = readonly (string | number)[];

/**
 * One problem found in an input, with where it was found.
 *
 * `path` lists the keys and array indexes from the root of the input to the faulty value
 * (empty for the root itself).
 */
export interface Issue {
  /** Keys and indexes from the root of the input to the faulty value. */
  readonly path: readonly (string | number)[];
  /** What is wrong, in plain words. */
  readonly message: string;
}

// Control characters and line separators: text from a payload must not add lines to a log.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(char: string): string {
  const short = SHORT_ESCAPES[char];
  return short !== undefined ? short : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
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

/**
 * Formats a path as JavaScript would access it: `traits.phone`, `optIn[0].channel`,
 * `changes.custom_properties["first name"]`. The root is `(root)`.
 */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${quote(segment, 255)}]`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * How many issues a message or an answer lists; the others are counted. A payload with
 * thousands of problems (colliding keys) must not make a message thousands of times its size.
 */
export const MAX_LISTED_ISSUES = 20;

/**
 * Formats issues as `path: message; path: message` (an issue about the root has no path): the
 * first {@link MAX_LISTED_ISSUES}, then how many more there are (`… and 4980 more`).
 */
export function formatIssues(issues: readonly Issue[]): string {
  const listed = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) =>
      issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`,
    )
    .join('; ');
  const more = issues.length - MAX_LISTED_ISSUES;
  return more > 0 ? `${listed}; … and ${more} more` : listed;
}
