// Payload checks: a payload its event's schema refuses is refused with every problem listed.
import { PayloadError } from '../../errors/index.js';
import { isRecord } from '../../common/objects.js';
import type { Issue } from '../../common/text.js';
import { explain, type SchemaObject } from './explain.js';
import { ACCEPTS } from './validators.generated.js';

/** The event name of a payload, if it has a readable one (for error messages). */
export function eventNameOf(payload: unknown): string | undefined {
  const name = isRecord(payload) ? payload.name : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * Returns `payload` when it fits `schema`: the generated yes/no check answers, and only a refused
 * payload is explained (the Data Transformation, which sees one payload per run, only explains).
 * @throws {@link PayloadError} listing every problem.
 */
export function checkPayload<T>(payload: unknown, schema: SchemaObject<T>): T {
  const accepts = ACCEPTS.get(schema);
  if (accepts !== undefined && accepts(payload)) return payload as T;
  const issues: Issue[] = [];
  explain(schema, payload, [], issues);
  if (issues.length === 0) return payload as T;
  throw new PayloadError(issues, eventNameOf(payload));
}
