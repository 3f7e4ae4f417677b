import { quote } from './printable.js';

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

/**
 * Formats a path as JavaScript would access it: `traits.phone`, `optIn[0].channel`,
 * `changes.custom_properties["first name"]`. The root is `(root)`.
 */
export function formatPath(path: readonly (string | number)[]): string {
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
