// What a Braze webhook template must send for a profile, written independently of the Liquid:
// each value read as Liquid prints it, control characters removed, blank values left out,
// numbers and booleans typed, then the RegalClient input those values make. `undefined` when
// RegalClient would refuse the contact (the template must abort then).
import type { BrazeWebhookFlow, BrazeWebhookOptions, BrazeWebhookValue } from '../../src/index.js';
import type { BrazeProfile } from './braze-liquid.js';

const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\.]+(?:\.[^\s@"(),:;<>[\]\\.]+)+$/;

/** How liquidjs prints a value (Braze, in Ruby, prints floats such as 1e20 differently). */
function printed(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(printed).join('');
  return String(value);
}

function lookup(ref: string, profile: BrazeProfile): unknown {
  const label = ref === 'campaign' || ref === 'canvas' ? `${ref}.name` : ref;
  const dot = label.indexOf('.');
  if (dot < 0) return profile.attributes?.[label];
  const namespace = label.slice(0, dot) as keyof BrazeProfile;
  return (profile[namespace] as Record<string, unknown> | undefined)?.[label.slice(dot + 1)];
}

type Read = { value: string | number | boolean } | { absent: true } | { refused: true };

function read(
  reference: string,
  kind: 'text' | 'phone' | 'email' | 'subscription',
  profile: BrazeProfile,
): Read {
  const colon = reference.lastIndexOf(':');
  const type = colon < 0 ? undefined : reference.slice(colon + 1);
  const ref = colon < 0 ? reference : reference.slice(0, colon);
  // eslint-disable-next-line no-control-regex
  const text = printed(lookup(ref, profile)).replace(/[\u0000-\u001f]/g, '');
  if (type === 'number') {
    const number = (+text || 0) + 0;
    return String(number) === text && !['NaN', 'Infinity', '-Infinity'].includes(text)
      ? { value: number }
      : { absent: true };
  }
  if (type === 'boolean')
    return text === 'true' || text === 'false' ? { value: text === 'true' } : { absent: true };
  if (kind === 'subscription') {
    if (['true', 'subscribed', 'opted_in'].includes(text)) return { value: true };
    if (['false', 'unsubscribed'].includes(text)) return { value: false };
    return { absent: true };
  }
  if (text.trim() === '') return { absent: true };
  if (kind === 'phone') {
    const phone = text.replace(/[ \-.()]/g, '');
    return /^\+\d{7,15}$/.test(phone) ? { value: phone } : { refused: true };
  }
  if (kind === 'email')
    return EMAIL.test(text) && text.length <= 254 ? { value: text } : { refused: true };
  return { value: text };
}

function constantOrRead(value: BrazeWebhookValue, profile: BrazeProfile): Read {
  if (typeof value === 'boolean' || typeof value === 'number') return { value };
  if (typeof value === 'object') return { value: value.value };
  return read(value, 'text', profile);
}

/** Options spelled out in full (the oracle knows no defaults). */
export type FullOptions = Required<
  Pick<
    BrazeWebhookOptions,
    'userId' | 'phone' | 'email' | 'firstName' | 'lastName' | 'traits' | 'optIns' | 'source'
  >
> &
  Pick<BrazeWebhookOptions, 'format' | 'eventName' | 'properties' | 'timestamp' | 'context'>;

/** The RegalClient input for `profile`, or `undefined` where the template must abort. */
export function expectedInput(
  flow: BrazeWebhookFlow,
  options: FullOptions,
  profile: BrazeProfile,
  now: string,
): Record<string, unknown> | undefined {
  let refused = false;
  const get = (ref: string | null, kind: 'text' | 'phone' | 'email'): string | undefined => {
    if (ref === null) return undefined;
    const result = read(ref, kind, profile);
    if ('refused' in result) refused = true;
    return 'value' in result ? (result.value as string) : undefined;
  };
  const userId = get(options.userId, 'text');
  const phone = get(options.phone, 'phone');
  const email = get(options.email, 'email');
  const firstName = get(options.firstName, 'text');
  const lastName = get(options.lastName, 'text');
  const sourceRead = options.source === null ? undefined : constantOrRead(options.source, profile);
  const source = sourceRead !== undefined && 'value' in sourceRead ? sourceRead.value : undefined;
  const optIns = options.optIns.flatMap((optIn) => {
    const subscribed =
      typeof optIn.subscribed === 'boolean'
        ? { value: optIn.subscribed }
        : read(optIn.subscribed, 'subscription', profile);
    const target = optIn.channel === 'email' ? email : phone;
    if (!('value' in subscribed) || target === undefined) return [];
    return [{ channel: optIn.channel, subscribed: subscribed.value as boolean }];
  });
  const status = (subscribed: boolean) => ({
    ...(source === undefined ? {} : { source }),
    subscribed,
    ...(options.timestamp === true ? { timestamp: now } : {}),
  });
  const traits: Record<string, unknown> = {};
  if (options.format === 'current') {
    const phoneOptIns = optIns.filter((optIn) => optIn.channel !== 'email');
    if (phone !== undefined) {
      traits.phones = {
        [phone]: Object.fromEntries(
          phoneOptIns.map((optIn) => [`${optIn.channel}OptIn`, status(optIn.subscribed)]),
        ),
      };
    }
    const emailOptIns = optIns.filter((optIn) => optIn.channel === 'email');
    if (email !== undefined) {
      traits.emails = {
        [email]: Object.fromEntries(
          emailOptIns.map((optIn) => ['emailOptIn', status(optIn.subscribed)]),
        ),
      };
    }
  } else {
    if (phone !== undefined) traits.phone = phone;
    if (email !== undefined) traits.email = email;
  }
  if (firstName !== undefined) traits.firstName = firstName;
  if (lastName !== undefined) traits.lastName = lastName;
  if (options.format !== 'current' && optIns.length > 0) {
    traits.optIn = optIns.map((optIn) => ({ channel: optIn.channel, ...status(optIn.subscribed) }));
  }
  for (const [name, value] of Object.entries(options.traits)) {
    const result = constantOrRead(value, profile);
    if ('value' in result) traits[name] = result.value;
  }
  if (refused) return undefined;
  if (flow === 'create-contact' && phone === undefined && email === undefined) return undefined;
  if (flow === 'update-opt-in' && optIns.length === 0) return undefined;
  if (flow === 'custom-event' && userId === undefined && phone === undefined && email === undefined)
    return undefined;
  const input: Record<string, unknown> = {};
  if (userId !== undefined) input.userId = userId;
  input.traits = traits;
  if (flow === 'custom-event') {
    input.name = options.eventName ?? 'Application Step 1 Completed';
    const properties: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(options.properties ?? {})) {
      const result = constantOrRead(value, profile);
      if ('value' in result) properties[name] = result.value;
    }
    input.properties = properties;
  }
  return input;
}
