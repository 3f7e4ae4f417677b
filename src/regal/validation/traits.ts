import { isPlainObject, setOwnProperty } from '../../common/objects.js';
import {
  checkBoolean,
  checkNonEmptyString,
  checkString,
  fail,
  kindOf,
  type Context,
  type Path,
} from './context.js';
import { checkEmail } from './email.js';
import { toJsonValue } from './json-value.js';
import { checkChannelOptIn, checkLegacyOptIn } from './opt-in.js';
import { normalisePhone } from './phone.js';
import { checkRecord } from './record.js';

/** Internal: what the traits provide, for the per-method rules. */
export interface TraitsFacts {
  /** Opt-ins given, both formats counted. */
  optIns: number;
}

const ADDRESS_FIELDS = {
  street: checkString,
  city: checkString,
  state: checkString,
  zipcode: checkString,
  country: checkString,
};

/**
 * Internal: a `phones` or `emails` map. Keys are normalised (E.164 for phones), entries
 * checked; two keys for the same number, or two primaries, are issues.
 */
function checkContactMap(
  value: unknown,
  path: Path,
  ctx: Context,
  kind: 'phones' | 'emails',
  facts: TraitsFacts,
): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) {
    return fail(
      ctx,
      path,
      `must be an object keyed by ${kind === 'phones' ? 'phone number' : 'email address'} (got ${kindOf(value)})`,
    );
  }
  const entries = Object.entries(value).filter(([, entry]) => entry !== undefined);
  if (entries.length === 0) {
    return fail(
      ctx,
      path,
      `must list at least one ${kind === 'phones' ? 'phone number' : 'email address'} (or leave ${kind} out)`,
    );
  }
  const optInKeys = kind === 'phones' ? ['voiceOptIn', 'smsOptIn'] : ['emailOptIn'];
  const fields = {
    label: checkNonEmptyString,
    isPrimary: checkBoolean,
    ...Object.fromEntries(optInKeys.map((key) => [key, checkChannelOptIn])),
  };
  const out: Record<string, unknown> = {};
  const firstKeyOf = new Map<string, string>();
  let primaries = 0;
  for (const [key, entry] of entries) {
    const entryPath = [...path, key];
    const normalised =
      kind === 'phones' ? normalisePhone(key, entryPath, ctx) : checkEmail(key, entryPath, ctx);
    const checked = checkRecord(
      entry,
      entryPath,
      ctx,
      kind === 'phones' ? 'a phone entry' : 'an email entry',
      fields,
    );
    if (normalised === undefined || checked === undefined) continue;
    const earlier = firstKeyOf.get(normalised);
    if (earlier !== undefined) {
      fail(
        ctx,
        entryPath,
        `is the same ${kind === 'phones' ? 'number' : 'address'} as the key ${JSON.stringify(earlier)}`,
      );
      continue;
    }
    firstKeyOf.set(normalised, key);
    if (checked.isPrimary === true && ++primaries === 2) {
      fail(ctx, [...entryPath, 'isPrimary'], `only one of ${kind} can be primary`);
    }
    facts.optIns += optInKeys.filter((optInKey) => checked[optInKey] !== undefined).length;
    out[normalised] = checked;
  }
  return out;
}

function checkLegacyOptIns(
  value: unknown,
  path: Path,
  ctx: Context,
  facts: TraitsFacts,
): unknown[] | undefined {
  if (!Array.isArray(value))
    return fail(ctx, path, `must be an array of opt-ins (got ${kindOf(value)})`);
  if (value.length === 0)
    return fail(ctx, path, 'must list at least one opt-in (or leave optIn out)');
  facts.optIns += value.length;
  return value.map((item: unknown, index) => checkLegacyOptIn(item, [...path, index], ctx));
}

/**
 * Internal: checks traits in either of Regal's formats and returns them ready to send: keys in
 * the caller's order, phones in E.164, `Date`s as ISO strings, `undefined` values left out.
 */
export function checkTraits(
  value: unknown,
  path: Path,
  ctx: Context,
): { traits: Record<string, unknown>; facts: TraitsFacts } | undefined {
  if (!isPlainObject(value)) return fail(ctx, path, `must be an object (got ${kindOf(value)})`);
  const facts: TraitsFacts = { optIns: 0 };
  const traits: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const itemPath = [...path, key];
    switch (key) {
      case 'phone':
        traits.phone = normalisePhone(item, itemPath, ctx);
        break;
      case 'email':
        traits.email = checkEmail(item, itemPath, ctx);
        break;
      case 'firstName':
      case 'lastName':
        traits[key] = checkString(item, itemPath, ctx);
        break;
      case 'optIn':
        traits.optIn = checkLegacyOptIns(item, itemPath, ctx, facts);
        break;
      case 'phones':
      case 'emails':
        traits[key] = checkContactMap(item, itemPath, ctx, key, facts);
        break;
      case 'address':
        traits.address = checkRecord(item, itemPath, ctx, 'an address', ADDRESS_FIELDS);
        break;
      default:
        if (key.trim() === '') fail(ctx, itemPath, 'a custom trait needs a non-empty name');
        else setOwnProperty(traits, key, toJsonValue(item, itemPath, ctx));
    }
  }
  checkOptInTargets(value, path, ctx);
  return { traits, facts };
}

/** A legacy opt-in applies to the phone or email sent in the same traits: it must be there. */
function checkOptInTargets(traits: Record<string, unknown>, path: Path, ctx: Context): void {
  if (!Array.isArray(traits.optIn)) return;
  traits.optIn.forEach((optIn: unknown, index) => {
    if (!isPlainObject(optIn)) return;
    const channel = optIn.channel;
    if ((channel === 'voice' || channel === 'sms') && traits.phone === undefined) {
      fail(
        ctx,
        [...path, 'optIn', index, 'channel'],
        `${channel === 'sms' ? 'an sms' : 'a voice'} opt-in applies to traits.phone, which is missing`,
      );
    } else if (channel === 'email' && traits.email === undefined) {
      fail(
        ctx,
        [...path, 'optIn', index, 'channel'],
        'an email opt-in applies to traits.email, which is missing',
      );
    }
  });
}
