// Errors: what cannot be mapped is thrown, and Braze shows the message in the transformation's
// logs.
import { formatIssues, printable, type Issue } from '../../common/text.js';
import { eventNameOf } from '../validation/check-payload.js';
import { explain, type SchemaObject } from '../validation/explain.js';

/*
 * The Data Transformation's own versions of some library declarations: the generator
 * (scripts/generate/transformation-parts.ts) uses each in place of the library's declaration of
 * the same name, and nothing else imports this file. Same name, message and answer as the
 * library's, less code.
 */

/** The SDK's PayloadError as the Data Transformation throws it: same name and message. */
export class PayloadError extends Error {
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[], eventName?: string) {
    const what = eventName === undefined ? 'Regal event' : `Regal ${printable(eventName)} event`;
    super(`Invalid ${what}: ${formatIssues(issues)}`);
    this.name = 'PayloadError';
    this.issues = issues;
  }
}

// The payload, if it fits its schema; else a PayloadError listing every problem.
export function checkPayload<T>(payload: unknown, schema: SchemaObject<T>): T {
  const issues: Issue[] = [];
  explain(schema, payload, [], issues);
  if (issues.length === 0) return payload as T;
  throw new PayloadError(issues, eventNameOf(payload));
}

// Times as ISO 8601 text in UTC, by the engine (the library writes each day's date once and the
// time of day itself, which is faster in V8 but longer to read).
export function isoString(ms: number): string {
  return new Date(ms).toISOString();
}

/** Nothing remembered: the Data Transformation runs once per payload. */
export function remembered(
  _table: Map<string, string>,
  key: string,
  work: (key: string) => string,
): string {
  return work(key);
}

// The library's shortcut for the usual event; here every event takes the general way
// (eventProperties), which also holds when a mapping function is edited.
export function propertiesAsTheyAre(): undefined {
  return undefined;
}
