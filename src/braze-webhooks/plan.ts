import type { Issue } from '../errors/index.js';
import { DEFAULT_EVENT_SOURCE, eventSourceProblem } from '../regal/defaults.js';
import { kindOf } from '../regal/validation/context.js';
import { isPlainObject } from '../common/objects.js';
import { checkKnownKeys } from '../common/options.js';
import type { RegalMethod } from '../regal/validation/inputs.js';
import type { BrazeWebhookOptIn, BrazeWebhookFlow, BrazeWebhookOptions } from './options.js';
import { parseBrazeRef, type BrazeRef } from './refs.js';

/** Internal: how a value read from Braze is checked and sent. */
export type SlotKind = 'text' | 'number' | 'boolean' | 'subscription' | 'phone' | 'email';

/** Internal: a value read from Braze into one Liquid variable, `""` when absent. */
export interface Slot {
  readonly kind: SlotKind;
  /** The Liquid variable holding the cleaned value. */
  readonly variable: string;
  readonly ref: BrazeRef;
}

/** Internal: one value of the body. */
export type Leaf =
  | { readonly leaf: 'slot'; readonly slot: Slot }
  | { readonly leaf: 'constant'; readonly value: string | number | boolean }
  | { readonly leaf: 'now' };

/** Internal: the body as a tree; `when` lists Liquid conditions that must all hold. */
export type PlanNode =
  | { readonly leaf?: undefined; readonly members: readonly PlanMember[] }
  | { readonly leaf?: undefined; readonly items: readonly PlanItem[] }
  | Leaf;

/** Internal: an object member; a slot key is a `phones` / `emails` map key. */
export interface PlanMember {
  readonly key: string | Slot;
  readonly value: PlanNode;
  readonly when: readonly string[];
}

/** Internal: an array item. */
export interface PlanItem {
  readonly value: PlanNode;
  readonly when: readonly string[];
}

/** Internal: a message to abort when all its conditions hold. */
export interface Abort {
  readonly when: readonly string[];
  readonly message: string;
}

/** Internal: everything the template is made of. */
export interface Plan {
  readonly flow: BrazeWebhookFlow;
  readonly method: RegalMethod;
  readonly eventSource: string;
  /** The input `RegalClient` would take, as a tree of values read from Braze. */
  readonly input: PlanNode;
  readonly slots: readonly Slot[];
  /** Variables counting the opt-ins present, with the condition of each. */
  readonly counts: readonly {
    readonly variable: string;
    readonly each: readonly (readonly string[])[];
  }[];
  readonly aborts: readonly Abort[];
  readonly usesNow: boolean;
}

const METHODS: Readonly<Record<BrazeWebhookFlow, RegalMethod>> = {
  'create-contact': 'createContact',
  'update-opt-in': 'updateOptIn',
  'custom-event': 'trackEvent',
};

const KNOWN_OPTIONS = [
  'context',
  'format',
  'userId',
  'phone',
  'email',
  'firstName',
  'lastName',
  'traits',
  'optIns',
  'source',
  'timestamp',
  'eventName',
  'properties',
  'eventSource',
];

/** Traits `RegalClient` reads itself: set through their own options, never as custom traits. */
const STANDARD_TRAITS = [
  'phone',
  'email',
  'firstName',
  'lastName',
  'optIn',
  'phones',
  'emails',
  'address',
];

const CHANNELS = ['voice', 'sms', 'email'] as const;

/** The partner page's example, flow by flow. */
const EXAMPLE: Readonly<
  Record<
    BrazeWebhookFlow,
    {
      fields: readonly ('userId' | 'phone' | 'email' | 'firstName' | 'lastName')[];
      traits: readonly string[];
      optIns: readonly BrazeWebhookOptIn[];
    }
  >
> = {
  'create-contact': {
    fields: ['userId', 'phone', 'email', 'firstName', 'lastName'],
    traits: ['custom1', 'custom2'],
    optIns: [
      { channel: 'voice', subscribed: true },
      { channel: 'sms', subscribed: true },
    ],
  },
  'update-opt-in': {
    fields: ['userId', 'phone'],
    traits: [],
    optIns: [
      { channel: 'voice', subscribed: 'custom_attribute.voice_optin_subscribed' },
      { channel: 'sms', subscribed: 'custom_attribute.voice_optin_subscribed' },
    ],
  },
  'custom-event': {
    fields: ['userId', 'phone', 'firstName', 'lastName'],
    traits: ['custom1', 'custom2', 'custom3'],
    optIns: [],
  },
};

const DEFAULT_FIELDS = {
  userId: 'user_id',
  phone: 'phone_number',
  email: 'email_address',
  firstName: 'first_name',
  lastName: 'last_name',
} as const;

/** The partner page's example event (its step 3). */
const EXAMPLE_EVENT_NAME = 'Application Step 1 Completed';
const EXAMPLE_PROPERTIES = ['educationalLevel', 'preferredLocation', 'preferredSubject'];

/** Present: the slot's variable holds a value. */
export function present(slot: Slot): string {
  return `${slot.variable} != ""`;
}

class Builder {
  readonly issues: Issue[] = [];
  readonly slots: Slot[] = [];
  readonly #names = new Set<string>();

  slot(kind: SlotKind, ref: BrazeRef, name: string): Slot {
    const base = `regal_${name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '')}`.replace(
      /_$/,
      '',
    );
    let variable = base;
    for (let n = 2; this.#names.has(variable); n++) variable = `${base}_${n}`;
    this.#names.add(variable);
    const slot = { kind, variable, ref };
    this.slots.push(slot);
    return slot;
  }

  ref(text: unknown, path: readonly (string | number)[]): BrazeRef | undefined {
    return parseBrazeRef(text, path, this.issues);
  }

  /** A {@link BrazeWebhookValue}: a constant, or a slot of the given (or declared) type. */
  value(
    value: unknown,
    path: readonly (string | number)[],
    name: string,
    textKind: SlotKind = 'text',
  ): { node: Leaf; when: readonly string[] } | undefined {
    if (typeof value === 'boolean') return { node: { leaf: 'constant', value }, when: [] };
    if (typeof value === 'number') {
      if (Number.isFinite(value)) return { node: { leaf: 'constant', value }, when: [] };
      this.issues.push({ path, message: `must be a finite number (got ${String(value)})` });
      return undefined;
    }
    if (isPlainObject(value)) {
      checkKnownKeys(value, ['value'], path, this.issues, 'a fixed text is { value: "…" }');
      if (typeof value.value === 'string')
        return { node: { leaf: 'constant', value: value.value }, when: [] };
      this.issues.push({
        path: [...path, 'value'],
        message: `must be a string (got ${kindOf(value.value)})`,
      });
      return undefined;
    }
    const ref = this.ref(value, path);
    if (ref === undefined) return undefined;
    const kind = ref.type === 'number' ? 'number' : ref.type === 'boolean' ? 'boolean' : textKind;
    const slot = this.slot(kind, ref, name);
    return { node: { leaf: 'slot', slot }, when: [present(slot)] };
  }
}

function field(
  options: BrazeWebhookOptions,
  flow: BrazeWebhookFlow,
  key: keyof typeof DEFAULT_FIELDS,
): unknown {
  if (Object.hasOwn(options, key) && options[key] !== undefined) return options[key];
  return EXAMPLE[flow].fields.includes(key) ? DEFAULT_FIELDS[key] : null;
}

function record(
  value: unknown,
  path: readonly string[],
  issues: Issue[],
): [string, unknown][] | undefined {
  if (!isPlainObject(value)) {
    issues.push({ path, message: `must be an object (got ${kindOf(value)})` });
    return undefined;
  }
  return Object.entries(value).filter(([, item]) => item !== undefined);
}

/**
 * Internal: checks the options of `toBrazeWebhook` and lays out the body: which Braze value
 * feeds which field of the `RegalClient` input, under which conditions. Issues are returned,
 * not thrown, so the caller can report them with `RegalClient`'s own.
 */
export function planWebhook(flow: unknown, given: unknown): { plan?: Plan; issues: Issue[] } {
  const b = new Builder();
  if (typeof flow !== 'string' || !Object.hasOwn(METHODS, flow)) {
    b.issues.push({
      path: ['flow'],
      message: 'must be "create-contact", "update-opt-in" or "custom-event"',
    });
    return { issues: b.issues };
  }
  const theFlow = flow as BrazeWebhookFlow;
  const raw: unknown = given ?? {};
  if (!isPlainObject(raw)) {
    b.issues.push({ path: [], message: `must be an object (got ${kindOf(raw)})` });
    return { issues: b.issues };
  }
  const options = raw as BrazeWebhookOptions;
  checkKnownKeys(options, KNOWN_OPTIONS, [], b.issues, `expected ${KNOWN_OPTIONS.join(', ')}`);

  const context: string = options.context ?? 'canvas';
  if (context !== 'canvas' && context !== 'campaign') {
    b.issues.push({ path: ['context'], message: 'must be "canvas" or "campaign"' });
  }
  const format = options.format ?? 'legacy';
  if (format !== 'legacy' && format !== 'current') {
    b.issues.push({ path: ['format'], message: 'must be "legacy" or "current"' });
  }
  const timestamp = options.timestamp ?? false;
  if (typeof timestamp !== 'boolean') {
    b.issues.push({ path: ['timestamp'], message: 'must be true or false' });
  }
  const eventSource = options.eventSource ?? DEFAULT_EVENT_SOURCE;
  const eventSourceIssue = eventSourceProblem(eventSource);
  if (eventSourceIssue !== undefined)
    b.issues.push({ path: ['eventSource'], message: eventSourceIssue });

  const fields: Partial<Record<keyof typeof DEFAULT_FIELDS, Slot>> = {};
  const kinds = {
    userId: 'text',
    phone: 'phone',
    email: 'email',
    firstName: 'text',
    lastName: 'text',
  } as const;
  for (const key of Object.keys(DEFAULT_FIELDS) as (keyof typeof DEFAULT_FIELDS)[]) {
    const value = field(options, theFlow, key);
    if (value === null) continue;
    const ref = b.ref(value, [key]);
    if (ref === undefined) continue;
    if (ref.type !== undefined && ref.type !== 'string') {
      b.issues.push({ path: [key], message: `is sent as a string: leave out ":${ref.type}"` });
      continue;
    }
    fields[key] = b.slot(
      kinds[key],
      ref,
      key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
    );
  }

  const source = planSource(b, options, context);
  const optIns = planOptIns(b, options, theFlow);
  const traits = planCustom(
    b,
    options.traits,
    'traits',
    EXAMPLE[theFlow].traits,
    (name) => `custom_attribute.${name}`,
  );
  for (const [name] of traits) {
    if (STANDARD_TRAITS.includes(name)) {
      b.issues.push({
        path: ['traits', name],
        message: `is a trait RegalClient reads itself: use the ${name === 'optIn' ? 'optIns' : name} option${
          ['phones', 'emails', 'address', 'optIn'].includes(name) ? ' (or format)' : ''
        }`,
      });
    }
  }

  const now = timestamp === true;
  const optInObject = (optIn: PlannedOptIn, withChannel: boolean): PlanNode => ({
    members: [
      ...(withChannel
        ? [{ key: 'channel', value: { leaf: 'constant', value: optIn.channel } as Leaf, when: [] }]
        : []),
      ...(source === undefined ? [] : [{ key: 'source', value: source.node, when: source.when }]),
      { key: 'subscribed', value: optIn.subscribed.node, when: [] },
      ...(now ? [{ key: 'timestamp', value: { leaf: 'now' } as Leaf, when: [] }] : []),
    ],
  });

  const traitMembers: PlanMember[] = [];
  const counts: { variable: string; each: (readonly string[])[] }[] = [];
  const optInConditions = optIns.map((optIn) => {
    const target = optIn.channel === 'email' ? fields.email : fields.phone;
    return [...(target === undefined ? [] : [present(target)]), ...optIn.subscribed.when];
  });
  const text = (key: string, slot: Slot | undefined): void => {
    if (slot !== undefined)
      traitMembers.push({ key, value: { leaf: 'slot', slot }, when: [present(slot)] });
  };
  if (format === 'current') {
    const map = (
      kind: 'phones' | 'emails',
      slot: Slot | undefined,
      channels: readonly string[],
    ): void => {
      const entries = optIns
        .map((optIn, index) => ({ optIn, index }))
        .filter(({ optIn }) => channels.includes(optIn.channel));
      if (slot === undefined) {
        for (const { index, optIn } of entries) {
          b.issues.push({
            path: ['optIns', index, 'channel'],
            message: `${optIn.channel === 'voice' ? 'a voice' : `an ${optIn.channel}`} opt-in applies to the ${kind === 'phones' ? 'phone' : 'email'}, which is left out`,
          });
        }
        return;
      }
      const seen = new Set<string>();
      const members: PlanMember[] = [];
      for (const { optIn, index } of entries) {
        if (seen.has(optIn.channel)) {
          b.issues.push({
            path: ['optIns', index, 'channel'],
            message: `${optIn.channel} is listed twice (the current format has one ${optIn.channel} opt-in per ${kind === 'phones' ? 'number' : 'address'})`,
          });
          continue;
        }
        seen.add(optIn.channel);
        members.push({
          key: `${optIn.channel}OptIn`,
          value: optInObject(optIn, false),
          when: optIn.subscribed.when,
        });
      }
      traitMembers.push({
        key: kind,
        value: { members: [{ key: slot, value: { members }, when: [] }] },
        when: [present(slot)],
      });
    };
    map('phones', fields.phone, ['voice', 'sms']);
    map('emails', fields.email, ['email']);
    text('firstName', fields.firstName);
    text('lastName', fields.lastName);
  } else {
    text('phone', fields.phone);
    text('email', fields.email);
    text('firstName', fields.firstName);
    text('lastName', fields.lastName);
    if (optIns.length > 0) {
      traitMembers.push({
        key: 'optIn',
        value: {
          items: optIns.map((optIn, index) => ({
            value: optInObject(optIn, true),
            when: optInConditions[index] ?? [],
          })),
        },
        when: ['regal_opt_ins > 0'],
      });
    }
  }
  if (optIns.length > 0) counts.push({ variable: 'regal_opt_ins', each: optInConditions });
  for (const [key, planned] of traits)
    traitMembers.push({ key, value: planned.node, when: planned.when });

  const members: PlanMember[] = [];
  if (fields.userId !== undefined) {
    members.push({
      key: 'userId',
      value: { leaf: 'slot', slot: fields.userId },
      when: [present(fields.userId)],
    });
  }
  members.push({ key: 'traits', value: { members: traitMembers }, when: [] });
  if (theFlow === 'custom-event') {
    const name = options.eventName ?? EXAMPLE_EVENT_NAME;
    members.push({ key: 'name', value: { leaf: 'constant', value: name as string }, when: [] });
    const properties = planCustom(
      b,
      options.properties,
      'properties',
      EXAMPLE_PROPERTIES,
      (property) =>
        `${context === 'campaign' ? 'event_properties' : 'canvas_entry_properties'}.${property}`,
      { readytoCommit: true },
    );
    members.push({
      key: 'properties',
      value: {
        members: properties.map(([key, planned]) => ({
          key,
          value: planned.node,
          when: planned.when,
        })),
      },
      when: [],
    });
  } else {
    for (const key of ['eventName', 'properties'] as const) {
      if (options[key] !== undefined)
        b.issues.push({ path: [key], message: 'is for the custom-event flow only' });
    }
  }

  const aborts: Abort[] = [];
  const identifiers = [
    fields.phone,
    fields.email,
    ...(theFlow === 'custom-event' ? [fields.userId] : []),
  ].filter((slot): slot is Slot => slot !== undefined);
  if (theFlow === 'create-contact' && identifiers.length > 0) {
    aborts.push({
      when: identifiers.map((slot) => `${slot.variable} == ""`),
      message: `no ${identifiers.map((slot) => slot.ref.label).join(' or ')}: a Regal contact needs a phone or an email`,
    });
  }
  if (theFlow === 'custom-event' && identifiers.length > 0) {
    aborts.push({
      when: identifiers.map((slot) => `${slot.variable} == ""`),
      message: `no ${identifiers.map((slot) => slot.ref.label).join(' or ')}: a Regal event needs a userId, a phone or an email`,
    });
  }
  if (theFlow === 'update-opt-in' && optIns.length > 0) {
    aborts.push({
      when: ['regal_opt_ins == 0'],
      message:
        'no opt-in to send (each needs its phone or email, and a true or false subscription)',
    });
  }

  if (b.issues.length > 0) return { issues: b.issues };
  return {
    issues: [],
    plan: {
      flow: theFlow,
      method: METHODS[theFlow],
      eventSource: eventSource as string,
      input: { members },
      slots: b.slots,
      counts,
      aborts,
      usesNow: now && optIns.length > 0,
    },
  };
}

interface Planned {
  node: Leaf;
  when: readonly string[];
}

interface PlannedOptIn {
  channel: (typeof CHANNELS)[number];
  subscribed: Planned;
}

function planSource(
  b: Builder,
  options: BrazeWebhookOptions,
  context: string,
): Planned | undefined {
  const given = Object.hasOwn(options, 'source') ? options.source : undefined;
  if (given === null) return undefined;
  const value = given ?? (context === 'campaign' ? 'campaign' : 'canvas');
  if (typeof value === 'boolean' || typeof value === 'number') {
    b.issues.push({
      path: ['source'],
      message: 'must be a Braze value read as text, or { value: "…" }',
    });
    return undefined;
  }
  if (isPlainObject(value) && typeof value.value === 'string' && value.value.trim() === '') {
    b.issues.push({ path: ['source', 'value'], message: 'must not be empty' });
    return undefined;
  }
  const planned = b.value(value, ['source'], 'source');
  if (planned?.node.leaf === 'slot' && planned.node.slot.kind !== 'text') {
    b.issues.push({ path: ['source'], message: 'is sent as a string: leave out the type' });
    return undefined;
  }
  return planned;
}

function planOptIns(
  b: Builder,
  options: BrazeWebhookOptions,
  flow: BrazeWebhookFlow,
): PlannedOptIn[] {
  const given: unknown = options.optIns ?? EXAMPLE[flow].optIns;
  if (!Array.isArray(given)) {
    b.issues.push({
      path: ['optIns'],
      message: `must be an array of { channel, subscribed } (got ${kindOf(given)})`,
    });
    return [];
  }
  const out: PlannedOptIn[] = [];
  given.forEach((item: unknown, index) => {
    const path = ['optIns', index];
    if (!isPlainObject(item)) {
      b.issues.push({ path, message: `must be { channel, subscribed } (got ${kindOf(item)})` });
      return;
    }
    checkKnownKeys(
      item,
      ['channel', 'subscribed'],
      path,
      b.issues,
      'an opt-in is { channel, subscribed }',
    );
    const channel = item.channel as PlannedOptIn['channel'];
    if (!CHANNELS.includes(channel)) {
      b.issues.push({ path: [...path, 'channel'], message: 'must be "voice", "sms" or "email"' });
      return;
    }
    if (item.subscribed === undefined) {
      b.issues.push({ path: [...path, 'subscribed'], message: 'is required' });
      return;
    }
    if (typeof item.subscribed === 'number' || isPlainObject(item.subscribed)) {
      b.issues.push({
        path: [...path, 'subscribed'],
        message: 'must be true, false or a Braze value',
      });
      return;
    }
    const planned = b.value(
      item.subscribed,
      [...path, 'subscribed'],
      `${channel}_subscribed`,
      'subscription',
    );
    if (planned === undefined) return;
    if (
      planned.node.leaf === 'slot' &&
      planned.node.slot.kind !== 'subscription' &&
      planned.node.slot.kind !== 'boolean'
    ) {
      b.issues.push({
        path: [...path, 'subscribed'],
        message: 'is a boolean: leave out the type, or write :boolean',
      });
      return;
    }
    out.push({ channel, subscribed: planned });
  });
  return out;
}

/** Custom traits or event properties: `given`, else the example (`name` read from `exampleRef(name)`). */
function planCustom(
  b: Builder,
  given: unknown,
  option: 'traits' | 'properties',
  example: readonly string[],
  exampleRef: (name: string) => string,
  exampleConstants: Readonly<Record<string, boolean>> = {},
): [string, Planned][] {
  const entries =
    given === undefined
      ? [
          ...example.map((name): [string, unknown] => [name, exampleRef(name)]),
          ...Object.entries(exampleConstants),
        ]
      : record(given, [option], b.issues);
  if (entries === undefined) return [];
  const out: [string, Planned][] = [];
  for (const [name, value] of entries) {
    if (name.trim() === '') {
      b.issues.push({
        path: [option, name],
        message: `a custom ${option === 'traits' ? 'trait' : 'property'} needs a non-empty name`,
      });
      continue;
    }
    if (name === '__proto__') {
      b.issues.push({
        path: [option, name],
        message: 'cannot be a name: it would set the prototype of the body',
      });
      continue;
    }
    const planned = b.value(
      value,
      [option, name],
      `${option === 'traits' ? 'trait' : 'property'}_${name}`,
    );
    if (planned !== undefined) out.push([name, planned]);
  }
  return out;
}
