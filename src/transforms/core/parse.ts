import type * as z from 'zod/mini';
import { PayloadError, type Issue } from '../../errors/index.js';
import { compileGuard, type Guard } from './guard.js';
import { quote } from '../../shared/text.js';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `expected ${issue.expected}, got ${kindOf(issue.input)}`;
    case 'invalid_value': {
      if (issue.input === undefined) return 'is required';
      const values = issue.values.map((value) => JSON.stringify(value)).join(', ');
      const got = typeof issue.input === 'string' ? quote(issue.input) : kindOf(issue.input);
      return `expected ${issue.values.length === 1 ? values : `one of ${values}`}, got ${got}`;
    }
    case 'invalid_union': {
      if (issue.input === undefined) return 'is required';
      const expected: string[] = [];
      for (const branch of issue.errors) {
        if (branch.length === 1 && branch[0]!.code === 'invalid_type')
          expected.push(branch[0]!.expected);
      }
      return expected.length === issue.errors.length && expected.length > 0
        ? `expected ${expected.join(' or ')}, got ${kindOf(issue.input)}`
        : `has an unexpected type (${kindOf(issue.input)})`;
    }
    case 'too_small':
      return issue.message !== 'Invalid input' ? issue.message : 'is too small';
    default:
      return issue.message;
  }
}

/** Turns zod issues into the SDK's {@link Issue}s, with readable messages. */
export function issuesFromZod(issues: readonly z.core.$ZodIssue[]): Issue[] {
  return issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: describe(issue),
  }));
}

/** The event name of a payload, if it has a readable one (for error messages). */
export function eventNameOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const name = (input as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

const guards = new WeakMap<z.ZodMiniType, Guard>();

function guardOf(schema: z.ZodMiniType): Guard {
  let guard = guards.get(schema);
  if (guard === undefined) {
    guard = compileGuard(schema);
    guards.set(schema, guard);
  }
  return guard;
}

/**
 * Checks a payload against a schema and returns the payload itself (not zod's copy: the
 * schemas have no transforms, so the two are equal, and the original keeps its own keys).
 * A compiled guard answers first; zod itself runs only to explain a refusal.
 * @throws {@link PayloadError} listing every problem with its path.
 */
export function parsePayload<Schema extends z.ZodMiniType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  if (guardOf(schema)(input)) return input as z.output<Schema>;
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success)
    throw new PayloadError(issuesFromZod(result.error.issues), eventNameOf(input));
  return input as z.output<Schema>;
}
