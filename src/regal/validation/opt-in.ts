import type { OptInChannel } from '../traits.js';
import {
  checkBoolean,
  checkNonEmptyString,
  checkString,
  fail,
  kindOf,
  type Context,
  type Path,
} from './context.js';
import { checkRecord, type FieldCheck } from './record.js';
import { toTimestamp } from './timestamp.js';

const CHANNELS: readonly OptInChannel[] = ['voice', 'sms', 'email'];

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^(?=.*:)[0-9a-f:.]{2,45}$/i;

function checkIp(value: unknown, path: Path, ctx: Context): string | undefined {
  if (typeof value !== 'string') return fail(ctx, path, `must be a string (got ${kindOf(value)})`);
  if (IPV4.test(value) || IPV6.test(value)) return value;
  return fail(ctx, path, 'is not a valid IPv4 or IPv6 address');
}

function checkChannel(value: unknown, path: Path, ctx: Context): OptInChannel | undefined {
  if (CHANNELS.includes(value as OptInChannel)) return value as OptInChannel;
  return fail(ctx, path, 'must be "voice", "sms" or "email"');
}

const STATUS_FIELDS: Readonly<Record<string, FieldCheck>> = {
  subscribed: checkBoolean,
  source: checkNonEmptyString,
  timestamp: toTimestamp,
  ip: checkIp,
  text: checkString,
};

function warnWithoutTimestamp(out: Record<string, unknown>, path: Path, ctx: Context): void {
  if (out.timestamp === undefined) {
    ctx.warnings.push({
      path: [...path, 'timestamp'],
      message: 'is missing: Regal may ignore an opt-in without a timestamp',
    });
  }
}

/** Internal: one legacy `traits.optIn[i]` item: `channel` and `subscribed` required. */
export function checkLegacyOptIn(
  value: unknown,
  path: Path,
  ctx: Context,
): Record<string, unknown> | undefined {
  const out = checkRecord(
    value,
    path,
    ctx,
    'an opt-in',
    { channel: checkChannel, ...STATUS_FIELDS },
    ['channel', 'subscribed'],
  );
  if (out !== undefined) warnWithoutTimestamp(out, path, ctx);
  return out;
}

/** Internal: a current-format `voiceOptIn` / `smsOptIn` / `emailOptIn`: `subscribed` required. */
export function checkChannelOptIn(
  value: unknown,
  path: Path,
  ctx: Context,
): Record<string, unknown> | undefined {
  const out = checkRecord(value, path, ctx, 'an opt-in', STATUS_FIELDS, ['subscribed']);
  if (out !== undefined) warnWithoutTimestamp(out, path, ctx);
  return out;
}
