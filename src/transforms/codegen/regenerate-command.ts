import { resolveTransformOptions, type ResolvedTransformOptions } from '../options.js';
import { hasUnprintable } from './js-source.js';

const DEFAULTS = resolveTransformOptions(undefined);
const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

/** Quotes one argument for a POSIX shell (bare when nothing in it needs quoting). */
export function shellQuote(argument: string): string {
  return SHELL_SAFE.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`;
}

/** `--flag value`, or `--flag=value` when the value could be taken for an option. */
function flag(args: string[], name: string, value: string): void {
  if (value.startsWith('-')) args.push(`${name}=${value}`);
  else args.push(name, value);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * The `regal-braze transformation` arguments that produce a transformation with these options
 * (options equal to their default are left out), or `undefined` when the CLI cannot express
 * them (a Regal event name containing `=` or `:`, a renamed property or an attribute name
 * containing `=`, a value containing a line break).
 */
export function transformationArguments(
  options: ResolvedTransformOptions,
  events: readonly string[] | undefined,
): string[] | undefined {
  const args: string[] = [];
  for (const event of events ?? []) flag(args, '--event', event);
  if (!sameList(options.identifiers, DEFAULTS.identifiers)) {
    flag(args, '--identifiers', options.identifiers.join(','));
  }
  if (options.phoneAliasLabel !== DEFAULTS.phoneAliasLabel) {
    flag(args, '--phone-alias-label', options.phoneAliasLabel);
  }
  for (const [regal, braze] of Object.entries(options.eventNames)) {
    if (regal.includes('=')) return undefined;
    flag(args, '--event-name', `${regal}=${braze}`);
  }
  for (const [channel, group] of Object.entries(options.subscriptionGroups)) {
    flag(args, '--subscription-group', `${channel}=${group}`);
  }
  if (options.keepNulls) args.push('--keep-nulls');
  if (options.updateExistingOnly !== undefined) {
    args.push('--update-existing-only', String(options.updateExistingOnly));
  }
  if (options.missingTime !== DEFAULTS.missingTime)
    args.push('--missing-time', options.missingTime);
  for (const [event, rules] of Object.entries(options.properties)) {
    if (event.includes(':')) return undefined;
    for (const property of rules.omit ?? []) flag(args, '--omit', `${event}:${property}`);
    for (const [regal, braze] of Object.entries(rules.rename ?? {})) {
      if (regal.includes('=')) return undefined;
      flag(args, '--rename', `${event}:${regal}=${braze}`);
    }
  }
  for (const [event, copies] of Object.entries(options.attributes)) {
    if (event.includes(':')) return undefined;
    for (const [attribute, property] of Object.entries(copies)) {
      if (attribute.includes('=')) return undefined;
      flag(args, '--attribute', `${event}:${attribute}=${property}`);
    }
  }
  return args.some(hasUnprintable) ? undefined : args;
}

/** The shell command that regenerates a transformation, or `undefined` (see {@link transformationArguments}). */
export function regenerateCommand(
  options: ResolvedTransformOptions,
  events: readonly string[] | undefined,
): string | undefined {
  const args = transformationArguments(options, events);
  return args && ['npx', 'regal-braze', 'transformation', ...args].map(shellQuote).join(' ');
}
