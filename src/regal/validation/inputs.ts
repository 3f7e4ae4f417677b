import { isPlainObject } from '../../common/objects.js';
import type { CountryCode } from 'libphonenumber-js/max';
import { ValidationError, type Issue } from '../../errors/index.js';
import { checkNonEmptyString, fail, kindOf, newContext, type Context } from './context.js';
import { toJsonValue } from './json-value.js';
import { toTimestamp } from './timestamp.js';
import { checkTraits, type TraitsFacts } from './traits.js';

/** Internal: a body ready to send (without `eventSource`), and the warnings to log. */
export interface CheckedInput {
  /** The validated input, keys in the caller's order, values normalised. */
  body: Record<string, unknown>;
  /** Inputs Regal accepts but may ignore. */
  warnings: readonly Issue[];
}

/** Internal: the `RegalClient` method an input is for. */
export type RegalMethod = 'createContact' | 'updateOptIn' | 'trackEvent';

const KEYS: Readonly<Record<RegalMethod, readonly string[]>> = {
  createContact: ['userId', 'traits'],
  updateOptIn: ['userId', 'traits'],
  trackEvent: ['userId', 'traits', 'name', 'properties', 'originalTimestamp'],
};

const NO_FACTS: TraitsFacts = { optIns: 0 };

function checkProperties(value: unknown, ctx: Context): unknown {
  if (!isPlainObject(value)) {
    return fail(ctx, ['properties'], `must be a plain object (got ${kindOf(value)})`);
  }
  return toJsonValue(value, ['properties'], ctx);
}

/**
 * Internal: validates the input of one `RegalClient` method and returns the body to send.
 * Throws a `ValidationError` (target: the method name) listing every problem.
 */
export function checkInput(
  method: RegalMethod,
  input: unknown,
  defaultCountry: CountryCode | undefined,
): CheckedInput {
  const ctx = newContext(defaultCountry);
  if (!isPlainObject(input)) {
    throw new ValidationError(method, [
      { path: [], message: `must be an object (got ${kindOf(input)})` },
    ]);
  }
  const body: Record<string, unknown> = {};
  let facts = NO_FACTS;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    switch (KEYS[method].includes(key) ? key : undefined) {
      case 'userId':
        body.userId = checkNonEmptyString(value, ['userId'], ctx);
        break;
      case 'traits': {
        const checked = checkTraits(value, ['traits'], ctx);
        body.traits = checked?.traits;
        facts = checked?.facts ?? facts;
        break;
      }
      case 'name':
        body.name = checkNonEmptyString(value, ['name'], ctx);
        break;
      case 'properties':
        body.properties = checkProperties(value, ctx);
        break;
      case 'originalTimestamp':
        body.originalTimestamp = toTimestamp(value, ['originalTimestamp'], ctx);
        break;
      default:
        fail(ctx, [key], `unknown key (${method} takes ${KEYS[method].join(', ')})`);
    }
  }
  checkMethodRules(method, input, facts, ctx);
  if (ctx.issues.length > 0) throw new ValidationError(method, ctx.issues);
  return { body, warnings: ctx.warnings };
}

/**
 * Internal: the body `RegalClient` sends to Regal's events API for one call: the validated
 * input (keys in the caller's order), then `eventSource`. Throws a `ValidationError` as
 * {@link checkInput} does. The Braze webhook templates are derived from this same function.
 */
export function toEventsBody(
  method: RegalMethod,
  input: unknown,
  defaultCountry: CountryCode | undefined,
  eventSource: string,
): CheckedInput {
  const checked = checkInput(method, input, defaultCountry);
  checked.body.eventSource = eventSource;
  return checked;
}

function checkMethodRules(
  method: RegalMethod,
  input: Record<string, unknown>,
  facts: TraitsFacts,
  ctx: Context,
): void {
  const hasTraits = input.traits !== undefined;
  if (method !== 'trackEvent' && !hasTraits) {
    fail(ctx, ['traits'], 'is required');
    return;
  }
  // Rules below only make sense when the traits themselves are valid objects.
  if (hasTraits && !isPlainObject(input.traits)) return;
  const traits = (input.traits ?? {}) as Record<string, unknown>;
  const namesContact = ['phone', 'email', 'phones', 'emails'].some(
    (key) => traits[key] !== undefined,
  );
  if (method === 'createContact' && !namesContact) {
    fail(
      ctx,
      ['traits'],
      'a contact needs a phone or an email (traits.phone, traits.email, traits.phones or traits.emails)',
    );
  }
  // An empty optIn list or an invalid entry already has its own issue.
  if (method === 'updateOptIn' && facts.optIns === 0 && traits.optIn === undefined) {
    fail(
      ctx,
      ['traits'],
      'an opt-in update needs at least one opt-in: traits.optIn, or voiceOptIn / smsOptIn in traits.phones, or emailOptIn in traits.emails',
    );
  }
  if (method === 'trackEvent') {
    if (input.name === undefined) fail(ctx, ['name'], 'is required');
    if (input.userId === undefined && !namesContact) {
      fail(ctx, [], 'a custom event needs an identifier: userId, or a phone or email in traits');
    }
  }
}
