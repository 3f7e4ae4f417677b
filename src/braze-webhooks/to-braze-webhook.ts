import { ValidationError, type Issue } from '../errors/index.js';
import { DEFAULT_REGAL_BASE_URL } from '../regal/defaults.js';
import { isPlainObject } from '../common/objects.js';
import { toEventsBody } from '../regal/validation/inputs.js';
import {
  abortLine,
  countLine,
  jsonLiteral,
  nowLine,
  prepareSlot,
  slotOutput,
  spacesLine,
} from './liquid.js';
import {
  REGAL_API_KEY_PLACEHOLDER,
  type BrazeWebhook,
  type BrazeWebhookFlow,
  type BrazeWebhookOptions,
} from './options.js';
import {
  planWebhook,
  type Plan,
  type PlanMember,
  type PlanNode,
  type Slot,
  type SlotKind,
} from './plan.js';

const TARGET = 'toBrazeWebhook options';

/** Values valid for every kind of slot: a contact that `RegalClient` accepts. */
const SAMPLES: Readonly<Record<SlotKind, string | number | boolean>> = {
  text: 'text',
  number: 1,
  boolean: true,
  subscription: true,
  phone: '+14155550123',
  email: 'jane@example.com',
};

const SAMPLE_TIME = '2024-05-01T12:00:00+0000';

function own(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** The input `RegalClient` would take for a contact whose every value is present. */
function sampleOf(node: PlanNode): unknown {
  if (node.leaf === 'slot') return SAMPLES[node.slot.kind];
  if (node.leaf === 'constant') return node.value;
  if (node.leaf === 'now') return SAMPLE_TIME;
  if ('items' in node) return node.items.map((item) => sampleOf(item.value));
  const out: Record<string, unknown> = {};
  for (const member of node.members) {
    own(
      out,
      typeof member.key === 'string' ? member.key : String(SAMPLES[member.key.kind]),
      sampleOf(member.value),
    );
  }
  return out;
}

/** `RegalClient`'s issue paths, in the options' terms. */
function optionPath(path: readonly (string | number)[]): readonly (string | number)[] {
  const [first, second, ...rest] = path;
  if (first === 'name') return ['eventName', ...path.slice(1)];
  if (first === 'traits' && second === 'optIn') return ['optIns', ...rest];
  if (first === 'traits' && (second === 'phones' || second === 'emails'))
    return [second === 'phones' ? 'phone' : 'email'];
  if (
    first === 'traits' &&
    typeof second === 'string' &&
    ['phone', 'email', 'firstName', 'lastName'].includes(second)
  ) {
    return [second, ...rest];
  }
  return path;
}

class Emitter {
  #depth = 0;

  node(plan: PlanNode, body: unknown, indent: string): string {
    if (plan.leaf === 'slot') return slotOutput(plan.slot);
    if (plan.leaf === 'now') return '"{{ regal_now }}"';
    if (plan.leaf === 'constant') return jsonLiteral(body as string | number | boolean);
    this.#depth++;
    try {
      if ('items' in plan) {
        const values = body as unknown[];
        return this.#list(
          '[',
          ']',
          indent,
          plan.items.map((item, index) => ({
            text: this.node(item.value, values[index], `${indent}  `),
            when: item.when,
          })),
        );
      }
      return this.#object(plan.members, body as Record<string, unknown>, indent);
    } finally {
      this.#depth--;
    }
  }

  // Body keys come in the order RegalClient sends them; a key it adds (eventSource) is a constant.
  #object(members: readonly PlanMember[], body: Record<string, unknown>, indent: string): string {
    const lines: { text: string; when: readonly string[] }[] = [];
    let next = 0;
    for (const [key, value] of Object.entries(body)) {
      const member = members[next];
      if (member !== undefined && (typeof member.key !== 'string' || member.key === key)) {
        next++;
        const name =
          typeof member.key === 'string' ? jsonLiteral(member.key) : slotOutput(member.key);
        lines.push({
          text: `${name}: ${this.node(member.value, value, `${indent}  `)}`,
          when: member.when,
        });
      } else {
        lines.push({ text: `${jsonLiteral(key)}: ${jsonLiteral(value as string)}`, when: [] });
      }
    }
    if (next !== members.length) {
      throw new Error(
        `regal-braze internal error: RegalClient's body has no ${String(members[next]?.key)}`,
      );
    }
    return this.#list('{', '}', indent, lines);
  }

  // One line per member. Until a member is certainly present, a variable holds the comma that
  // goes before the next one; after it, each member simply starts with ",".
  #list(
    open: string,
    close: string,
    indent: string,
    lines: readonly { text: string; when: readonly string[] }[],
  ): string {
    if (lines.length === 0) return `${open}${close}`;
    const comma = `regal_comma_${this.#depth}`;
    let certain = false;
    let variable = false;
    const out = lines.map(({ text, when }, index) => {
      const condition = when.length === 0 ? undefined : when.join(' and ');
      let init = '';
      let member: string;
      if (certain) member = `,${text}`;
      else if (index === 0 && condition === undefined) member = text;
      else {
        if (!variable) init = `{% assign ${comma} = "" %}`;
        member = `${variable ? `{{ ${comma} }}` : ''}${text}`;
        if (condition !== undefined && index < lines.length - 1)
          member += `{% assign ${comma} = "," %}`;
        variable = true;
      }
      if (condition === undefined) certain = true;
      return `${indent}  ${init}${condition === undefined ? member : `{% if ${condition} %}${member}{% endif %}`}`;
    });
    return `${open}\n${out.join('\n')}\n${indent}${close}`;
  }
}

function header(plan: Plan): string {
  return `{% comment %}
Body of the Regal ${plan.flow} webhook, made by regal-braze (webhook-template ${plan.flow}).
The lines below read each value once and make it safe for JSON: control characters (line
breaks, tabs, U+0000-U+001F) are removed, a blank value is left out of the body, and json_escape
escapes quotes and backslashes. A phone that is not E.164 or an invalid email aborts the
message (shown in the Message Activity Log), as RegalClient would refuse it.
{% endcomment -%}
`;
}

/**
 * Internal: the webhook and the warnings `RegalClient`'s rules give for its body (an opt-in
 * without a timestamp). Throws a `ValidationError` for bad options.
 */
export function buildBrazeWebhook(
  flow: BrazeWebhookFlow,
  options?: BrazeWebhookOptions,
): { webhook: BrazeWebhook; warnings: readonly Issue[] } {
  const { plan, issues } = planWebhook(flow, options);
  if (plan === undefined) throw new ValidationError(TARGET, issues);
  let checked;
  try {
    checked = toEventsBody(plan.method, sampleOf(plan.input), undefined, plan.eventSource);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      TARGET,
      error.issues.map((issue) => ({ path: optionPath(issue.path), message: issue.message })),
    );
  }
  if (!isPlainObject(checked.body)) throw new Error('regal-braze internal error: no body');
  const needsSpaces = plan.slots.some((slot) => ['text', 'phone', 'email'].includes(slot.kind));
  const prelude =
    header(plan) +
    (needsSpaces ? spacesLine() : '') +
    plan.slots.map((slot: Slot) => prepareSlot(slot)).join('') +
    plan.counts.map((count) => countLine(count.variable, count.each)).join('') +
    plan.aborts.map((abort) => abortLine(abort)).join('') +
    (plan.usesNow ? nowLine() : '');
  const body = `${prelude}${new Emitter().node(plan.input, checked.body, '')}\n`;
  return {
    webhook: {
      url: `${DEFAULT_REGAL_BASE_URL}/events`,
      method: 'POST',
      headers: { Authorization: REGAL_API_KEY_PLACEHOLDER, 'Content-Type': 'application/json' },
      body,
    },
    warnings: checked.warnings.map((warning) => ({
      path: optionPath(warning.path),
      message: warning.message,
    })),
  };
}

/**
 * A Braze webhook (Canvas step or campaign) that sends one of the three flows of Braze's
 * partner page for Regal to Regal's events API: `create-contact`, `update-opt-in` or
 * `custom-event`. Paste `url` and `body` (as **Raw text**) in the composer's Compose tab,
 * `method` and `headers` in its Settings tab, with your Regal API key in place of
 * `<REGAL_API_KEY>`.
 *
 * The body is Liquid. Rendered by Braze for any profile it is valid JSON, and it is the body
 * `RegalClient` sends for the same contact (it is built from `RegalClient`'s own body and
 * validated by its rules): strings go through `json_escape` after their control characters
 * (line breaks, tabs, U+0000–U+001F) are removed, numbers and booleans are unquoted, a blank
 * value is left out, and no value can add a key or change `userId`. Where `RegalClient` would
 * refuse the contact (no phone or email, an invalid email, a phone not written in E.164), the
 * message is aborted instead of sent. What Liquid cannot check: that an E.164 number exists
 * (Regal accepts it, then drops it).
 *
 * Without options, each flow gives the partner page's own body (its example custom traits,
 * event name and properties included). Throws a {@link ValidationError} for bad options.
 *
 * @example
 * ```ts
 * import { toBrazeWebhook } from 'regal-braze';
 *
 * const { url, method, headers, body } = toBrazeWebhook('create-contact', {
 *   traits: { plan: 'custom_attribute.plan', seats: 'custom_attribute.seats:number' },
 *   optIns: [{ channel: 'sms', subscribed: 'custom_attribute.sms_opt_in' }],
 *   timestamp: true,
 * });
 * // url: 'https://events.regalvoice.com/events', method: 'POST',
 * // headers: { Authorization: '<REGAL_API_KEY>', 'Content-Type': 'application/json' }
 * ```
 */
export function toBrazeWebhook(
  flow: BrazeWebhookFlow,
  options?: BrazeWebhookOptions,
): BrazeWebhook {
  return buildBrazeWebhook(flow, options).webhook;
}
