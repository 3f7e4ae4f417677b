// zod's own answer about a payload, worded as regal-braze words refusals: the reference the
// generated validators (src/transforms/validation/) are held to.
import type * as z from 'zod/mini';
import { quote, type Issue } from '../../src/common/text.js';

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

/** What zod finds wrong with `input` (empty when it passes), as regal-braze {@link Issue}s. */
export function zodIssues(schema: z.ZodMiniType, input: unknown): Issue[] {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: describe(issue),
  }));
}
