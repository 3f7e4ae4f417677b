// Payload checks: a payload its event's schema refuses is refused with every problem listed.
import { PayloadError } from '../../errors/index.js';
import { isRecord } from '../../shared/objects.js';
import type { Issue } from '../../shared/text.js';
import { explain, type SchemaNode } from './explain.js';

/** The event name of a payload, if it has a readable one (for error messages). */
export function eventNameOf(payload: unknown): string | undefined {
  const name = isRecord(payload) ? payload.name : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * Returns `payload` when `accepts` (a generated validator) says it fits its schema.
 * @throws {@link PayloadError} listing every problem, as `schema` (the same schema) explains it.
 */
export function checkPayload<T>(
  payload: unknown,
  accepts: (value: unknown) => value is T,
  schema: SchemaNode,
): T {
  if (accepts(payload)) return payload;
  const issues: Issue[] = [];
  explain(schema, payload, [], issues);
  throw new PayloadError(issues, eventNameOf(payload));
}
