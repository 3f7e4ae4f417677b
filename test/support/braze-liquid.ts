// Braze's webhook Liquid, rendered by liquidjs. Braze's own syntax is mapped to plain Liquid and
// its two additions are implemented as Braze documents them, no more:
// - `${first_name}` (a standard attribute) is the variable `first_name`; `{{custom_attribute.${plan}}}`
//   inside a tag is `custom_attribute["plan"]` (likewise canvas_entry_properties, event_properties,
//   subscribed_state, campaign, canvas);
// - `json_escape` escapes `"` and `\` (and nothing else: not newlines, not control characters);
// - `{% abort_message('reason') %}` stops the message: render throws a BrazeAbort.
// Braze runs Shopify's Liquid (Ruby), whose string literals have no escape sequences; liquidjs's
// do. The templates are checked not to depend on the difference (no backslash in any tag).
import {
  Liquid,
  Tag,
  type Context,
  type Emitter,
  type TagToken,
  type TopLevelToken,
} from 'liquidjs';

/** What a Braze user, message and trigger hold, as the templates read them. */
export interface BrazeProfile {
  /** Standard attributes: `user_id`, `first_name`, `phone_number`, … */
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly custom_attribute?: Readonly<Record<string, unknown>>;
  readonly canvas_entry_properties?: Readonly<Record<string, unknown>>;
  readonly event_properties?: Readonly<Record<string, unknown>>;
  readonly subscribed_state?: Readonly<Record<string, unknown>>;
  readonly campaign?: Readonly<Record<string, unknown>>;
  readonly canvas?: Readonly<Record<string, unknown>>;
}

/** `{% abort_message(…) %}` ran: Braze sends nothing and logs `reason`. */
export class BrazeAbort extends Error {
  constructor(readonly reason: string) {
    super(`abort_message: ${reason}`);
  }
}

/** The filters Braze documents as supported (its Liquid filters pages), and json_escape. */
export const BRAZE_FILTERS = new Set([
  'append',
  'capitalize',
  'date',
  'default',
  'downcase',
  'escape',
  'json_escape',
  'minus',
  'plus',
  'prepend',
  'remove',
  'remove_first',
  'replace',
  'replace_first',
  'size',
  'slice',
  'split',
  'strip',
  'strip_newlines',
  'first',
  'last',
  'join',
  'upcase',
  'url_encode',
  'url_escape',
]);

class AbortMessage extends Tag {
  readonly #reason: string;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    const match = /^\(\s*'([^']*)'\s*\)$|^\(\s*\)$/.exec(token.args.trim());
    if (match === null) throw new Error(`abort_message: bad arguments ${token.args}`);
    this.#reason = match[1] ?? '';
  }

  render(_context: Context, _emitter: Emitter): never {
    throw new BrazeAbort(this.#reason);
  }
}

const engine = new Liquid({ strictFilters: true, timezoneOffset: 0 });
engine.registerFilter('json_escape', (value: unknown) =>
  String(value ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"'),
);
engine.registerTag('abort_message', AbortMessage);

/** Braze's `${…}` syntax as plain liquidjs variables. */
export function toPlainLiquid(template: string): string {
  return template
    .replace(
      /\{\{([a-z_]+)\.\$\{([^}]+)\}\}\}/g,
      (_, namespace: string, name: string) => `${namespace}["${name}"]`,
    )
    .replace(/\$\{([a-z_]+)\}/g, (_, name: string) => name);
}

/** Everything in a template that Braze's Liquid (Ruby) could read differently from liquidjs. */
export function rubyLiquidHazards(template: string): string[] {
  const hazards: string[] = [];
  for (const [markup] of template.matchAll(/\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g)) {
    if (markup.includes('\\')) hazards.push(`backslash in ${markup}`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(markup.replace(/\n/g, '')))
      hazards.push(`control character in ${markup}`);
    if (/\bnot\b/.test(markup.replace(/'[^']*'|"[^"]*"/g, '')))
      hazards.push(`"not" (liquidjs only) in ${markup}`);
    for (const [, filter] of markup.matchAll(/\|\s*([a-z_]+)/g)) {
      if (!BRAZE_FILTERS.has(filter!)) hazards.push(`filter ${filter} is not one Braze documents`);
    }
  }
  return hazards;
}

/** Renders a Braze webhook body for one profile; throws a {@link BrazeAbort} when it aborts. */
export function renderBraze(template: string, profile: BrazeProfile = {}): string {
  try {
    return render(template, profile);
  } catch (error) {
    // liquidjs wraps what a tag throws in a RenderError.
    const original = (error as { originalError?: unknown }).originalError;
    if (original instanceof BrazeAbort) throw new BrazeAbort(original.reason);
    throw error;
  }
}

/** The variables a template sees for a profile: its attributes, and each Braze namespace. */
export function liquidScope(profile: BrazeProfile): Record<string, unknown> {
  return {
    ...profile.attributes,
    custom_attribute: profile.custom_attribute ?? {},
    canvas_entry_properties: profile.canvas_entry_properties ?? {},
    event_properties: profile.event_properties ?? {},
    subscribed_state: profile.subscribed_state ?? {},
    campaign: profile.campaign ?? {},
    canvas: profile.canvas ?? {},
  };
}

function render(template: string, profile: BrazeProfile): string {
  return engine.parseAndRenderSync(toPlainLiquid(template), liquidScope(profile)) as string;
}
