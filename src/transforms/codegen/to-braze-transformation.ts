import { ValidationError } from '../../errors/index.js';
import { SDK_VERSION } from '../../common/version.js';
import type { Issue } from '../../common/text.js';
import {
  resolveTransformOptions,
  type ResolvedTransformOptions,
  type TransformOptions,
} from '../options.js';
import { jsKey, jsLiteral, lineComment } from './js-source.js';
import {
  SNIPPET_MAPPINGS,
  SNIPPET_MODULES,
  SNIPPET_OTHER_EVENTS,
  SNIPPET_PARTS,
} from './parts.generated.js';
import { shellQuote, transformationArguments } from './regenerate-command.js';

/** Options of {@link toBrazeTransformation}: the {@link TransformOptions}, plus which events to map. */
export interface BrazeTransformationOptions extends TransformOptions {
  /**
   * The Regal event names the transformation maps, e.g. `['call.completed', 'sms.sent']`: only
   * their code is emitted. Any other event is refused with an `Error` naming it (Braze shows it
   * in the transformation's logs). Default: every event {@link transformRegalEvent} maps.
   */
  events?: readonly string[];
}

interface CheckedOptions {
  transform: ResolvedTransformOptions;
  events: readonly string[] | undefined;
}

/** Lines are kept within this width, as the rest of the code is formatted. */
const WIDTH = 100;
const HELPERS_BANNER =
  "// ==== Shared helpers: regal-braze's own code; regenerate rather than edit ".padEnd(WIDTH, '=');

/** Comment lines are wrapped at this width (a long shell command, a long list of events). */
const COMMENT_WIDTH = 100;

function checkEvents(events: unknown, issues: Issue[]): readonly string[] | undefined {
  if (events === undefined) return undefined;
  if (!Array.isArray(events)) {
    issues.push({ path: ['events'], message: 'must be an array of Regal event names' });
    return undefined;
  }
  if (events.length === 0) {
    issues.push({
      path: ['events'],
      message: 'must name at least one event (leave it out to map every event)',
    });
  }
  events.forEach((name: unknown, index) => {
    if (typeof name !== 'string' || name.trim() === '') {
      issues.push({ path: ['events', index], message: 'must be a non-empty string' });
    } else if (events.indexOf(name) !== index) {
      issues.push({ path: ['events', index], message: `"${name}" is listed twice` });
    }
  });
  return [...(events as string[])];
}

function checkOptions(options: BrazeTransformationOptions | undefined): CheckedOptions {
  if (options === undefined) {
    return { transform: resolveTransformOptions(undefined), events: undefined };
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError('BrazeTransformationOptions', [
      { path: [], message: 'must be an object' },
    ]);
  }
  const { events, ...transformOptions } = options;
  const issues: Issue[] = [];
  let transform: ResolvedTransformOptions | undefined;
  try {
    transform = resolveTransformOptions(transformOptions);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    issues.push(...error.issues);
  }
  const checkedEvents = checkEvents(events, issues);
  if (transform === undefined || issues.length > 0) {
    throw new ValidationError('BrazeTransformationOptions', issues);
  }
  return { transform, events: checkedEvents };
}

/**
 * Words as `//` comment lines of at most {@link COMMENT_WIDTH} characters: the first line starts
 * with `first`, the next ones with `next`, and every line but the last ends with `end`.
 */
function wrapComment(words: readonly string[], first: string, next: string, end = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const start = lines.length === 0 ? first : next;
    const candidate = line === '' ? `${start}${word}` : `${line} ${word}`;
    if (line !== '' && 3 + candidate.length + end.length > COMMENT_WIDTH) {
      lines.push(`${line}${end}`);
      line = `${next}${word}`;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  return lines.map((text) => lineComment(text));
}

/** Command-line arguments, each flag with its value, quoted for a shell. */
function commandWords(args: readonly string[]): string[] {
  const words: string[] = [];
  for (const arg of args) {
    const last = words[words.length - 1];
    if (last !== undefined && /^--[\w-]+$/.test(last) && !arg.startsWith('--')) {
      words[words.length - 1] = `${last} ${shellQuote(arg)}`;
    } else {
      words.push(shellQuote(arg));
    }
  }
  return words;
}

function header(checked: CheckedOptions): string[] {
  const args = transformationArguments(checked.transform, checked.events);
  const scope =
    checked.events === undefined
      ? [
          'every',
          'Regal',
          'event',
          '(routed',
          'on',
          'payload.name)',
          'to',
          'a',
          'Braze',
          '/users/track',
          'body.',
        ]
      : [
          'these',
          'Regal',
          'events',
          'to',
          'Braze',
          '/users/track',
          'bodies:',
          ...checked.events.map((name, index, all) =>
            index < all.length - 1 ? `${name},` : `${name}.`,
          ),
        ];
  const regenerate =
    args === undefined
      ? [
          lineComment(
            'Regenerate it with toBrazeTransformation() from regal-braze (its options cannot be CLI flags).',
          ),
        ]
      : [
          lineComment('Regenerate it with:'),
          ...wrapComment(
            ['npx regal-braze transformation', ...commandWords(args)],
            '  ',
            '    ',
            ' \\',
          ),
        ];
  return [
    lineComment(
      `Braze Data Transformation for Regal reporting webhooks, generated by regal-braze ${SDK_VERSION}.`,
    ),
    ...wrapComment(['Maps', ...scope], '', '  '),
    ...regenerate,
    '//',
    "// What you may edit: OPTIONS (how events are mapped: the same options as regal-braze's",
    '// TransformOptions and CLI flags), MAPPINGS (which events, by which function) and the mapping',
    '// functions after them (what each Braze field is set to). The helpers after "Shared helpers"',
    "// are regal-braze's own code, as transformRegalEvent runs it: regenerate rather than edit them.",
  ];
}

/** A JSON value as a JavaScript literal, on one line if it fits, else one entry a line. */
function jsValue(value: unknown, indent: string, before: string, after: string): string {
  const oneLine = jsOneLine(value);
  if (typeof value !== 'object' || value === null) return `${before}${oneLine}${after}`;
  const fits = indent.length + before.length + oneLine.length + after.length <= WIDTH;
  const entries = Array.isArray(value)
    ? value.map((item) => ({ key: undefined, item }))
    : Object.keys(value).map((key) => ({ key, item: (value as Record<string, unknown>)[key] }));
  if (fits || entries.length === 0) return `${before}${oneLine}${after}`;
  const inner = `${indent}  `;
  const lines = entries.map(({ key, item }) =>
    jsValue(item, inner, `${inner}${key === undefined ? '' : `${jsKey(key)}: `}`, ','),
  );
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return [`${before}${open}`, ...lines, `${indent}${close}${after}`].join('\n');
}

function jsOneLine(value: unknown): string {
  if (typeof value !== 'object' || value === null) return jsLiteral(value);
  if (Array.isArray(value)) return `[${value.map(jsOneLine).join(', ')}]`;
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  const entries = keys.map(
    (key) => `${jsKey(key)}: ${jsOneLine((value as Record<string, unknown>)[key])}`,
  );
  return `{ ${entries.join(', ')} }`;
}

/** A record written one key a line, even if it would fit on one: a list people edit. */
function jsList(record: Readonly<Record<string, unknown>>, indent: string, before: string): string {
  const keys = Object.keys(record);
  if (keys.length === 0) return `${before}{},`;
  const inner = `${indent}  `;
  const lines = keys.map((key) => jsValue(record[key], inner, `${inner}${jsKey(key)}: `, ','));
  return [`${before}{`, ...lines, `${indent}},`].join('\n');
}

function optionsBlock({ transform }: CheckedOptions): string[] {
  const updateExistingOnly =
    transform.updateExistingOnly === undefined
      ? '  // updateExistingOnly: true,'
      : `  updateExistingOnly: ${jsLiteral(transform.updateExistingOnly)},`;
  return [
    '// How events are mapped (regal-braze TransformOptions).',
    'const OPTIONS = {',
    '  // Which identifier names the Braze user, first usable one wins: external_id, email, phone,',
    '  // phone_alias.',
    jsValue(transform.identifiers, '  ', '  identifiers: ', ','),
    '  // alias_label of the phone user alias (identifier phone_alias).',
    jsValue(transform.phoneAliasLabel, '  ', '  phoneAliasLabel: ', ','),
    '  // Braze event name per Regal event name; the others are title-cased ("sms.sent" -> "SMS Sent").',
    jsList(transform.eventNames, '  ', '  eventNames: '),
    '  // Braze subscription group id per channel (voice, sms, email), for contact.(un)subscribed.',
    jsList(transform.subscriptionGroups, '  ', '  subscriptionGroups: '),
    '  // _update_existing_only on every object; unset: false, but true for subscription changes.',
    updateExistingOnly,
    '  // Keep null event property values (else they are left out).',
    `  keepNulls: ${jsLiteral(transform.keepNulls)},`,
    '  // An event without a time: "error" refuses it, "now" uses the current time.',
    `  missingTime: ${jsLiteral(transform.missingTime)},`,
    '  // Per Regal event, Regal properties left out or sent under another name, e.g.',
    '  // "call.completed": { omit: ["notes"], rename: { disposition: "call_disposition" } },',
    jsList(transform.properties, '  ', '  properties: '),
    '  // Per Regal event, Braze attributes set from its properties (attribute: Regal property), e.g.',
    '  // "call.completed": { last_call_disposition: "disposition" },',
    jsList(transform.attributes, '  ', '  attributes: '),
    '};',
  ];
}

/** The part indexes the selected events need, in the order they are written. */
function selectedParts(roots: readonly number[]): number[] {
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const index = stack.pop() as number;
    if (seen.has(index)) continue;
    seen.add(index);
    stack.push(...(SNIPPET_PARTS[index]?.needs ?? []));
  }
  return [...seen].sort((a, b) => a - b);
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

function mappingOf(event: string): number {
  return hasOwn(SNIPPET_MAPPINGS, event)
    ? (SNIPPET_MAPPINGS[event] as number)
    : SNIPPET_OTHER_EVENTS;
}

function mappingsBlock(events: readonly string[] | undefined): string[] {
  const routed = events ?? Object.keys(SNIPPET_MAPPINGS);
  const lines = routed.map(
    (event) => `  ${jsKey(event)}: ${SNIPPET_PARTS[mappingOf(event)]?.name as string},`,
  );
  return [
    events === undefined
      ? '// The Regal events with a mapping function of their own; every other event goes to mapOtherEvent.'
      : '// The Regal events this transformation maps, and the function that maps each. Any other event',
    ...(events === undefined ? [] : ['// is refused: regenerate the code with it to map it.']),
    'const MAPPINGS = {',
    ...lines,
    '};',
  ];
}

function routing(events: readonly string[] | undefined): string[] {
  const name =
    'const regalEventName = payload !== null && typeof payload === "object" ? payload.name : undefined;';
  if (events === undefined) {
    return [
      '// Route on the Regal event name. What cannot be mapped (an invalid payload, no usable identifier)',
      '// throws an Error saying why, which Braze shows in the logs, rather than returning a body Braze',
      '// would reject. An event that concerns no contact (agent.activity.updated) returns nothing.',
      name,
      'const mapping =',
      '  typeof regalEventName === "string" &&',
      '  Object.prototype.hasOwnProperty.call(MAPPINGS, regalEventName)',
      '    ? MAPPINGS[regalEventName]',
      '    : mapOtherEvent;',
      'return mapping(payload, OPTIONS);',
    ];
  }
  return [
    '// Route on the Regal event name. What cannot be mapped (an event not in MAPPINGS, an invalid',
    '// payload, no usable identifier) throws an Error saying why, which Braze shows in the logs,',
    '// rather than returning a body Braze would reject.',
    name,
    'if (!Object.prototype.hasOwnProperty.call(MAPPINGS, regalEventName)) {',
    '  const what =',
    '    typeof regalEventName === "string"',
    '      ? JSON.stringify(regalEventName.slice(0, 80))',
    '      : "an event without a name";',
    '  throw new Error(',
    '    "regal-braze: this transformation maps only " +',
    '      Object.keys(MAPPINGS).join(", ") +',
    '      ", not " +',
    '      what +',
    '      ": regenerate it with that event, or stop sending it from Regal",',
    '  );',
    '}',
    'return MAPPINGS[regalEventName](payload, OPTIONS);',
  ];
}

/**
 * Generates the JavaScript of one Braze Data Transformation that maps Regal reporting webhooks
 * exactly as {@link transformRegalEvent} does with the same options: paste it into Braze
 * (Data Settings > Data Transformation, destination `POST: Track users`).
 *
 * The code reads `payload`, routes on `payload.name` and ends in a top-level `return` of the
 * `/users/track` body. It is self-contained, formatted ES2018 that touches no global, with no
 * line over 120 characters: a header naming the SDK version and the command that regenerates
 * it, the options as an `OPTIONS` constant (the same fields as {@link TransformOptions}), a
 * mapping function for each selected event where each Braze field is set, then the helpers
 * those functions use (identity, time, key rules, validation), written once. Those helpers are
 * the transforms' own code, extracted when the package is built, so the code cannot drift from
 * {@link transformRegalEvent}; only what the selected events need is emitted. An event it cannot
 * map (left out of `options.events`, invalid, without a usable identifier) throws an `Error`
 * saying why, which Braze shows in the transformation's logs; an event that concerns no contact
 * returns nothing.
 *
 * Also available from the command line: `npx regal-braze transformation [--event NAME]...`.
 *
 * @param options - see {@link BrazeTransformationOptions}; checked here.
 * @returns the code, ready to paste.
 * @throws {@link ValidationError} naming each bad option.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { toBrazeTransformation } from 'regal-braze/transforms';
 *
 * writeFileSync(
 *   'braze-transformation.js',
 *   toBrazeTransformation({
 *     events: ['call.completed', 'contact.unsubscribed'],
 *     subscriptionGroups: { voice: 'c3d4…' },
 *     attributes: { 'call.completed': { last_call_disposition: 'disposition' } },
 *   }),
 * );
 * ```
 */
export function toBrazeTransformation(options?: BrazeTransformationOptions): string {
  const checked = checkOptions(options);
  const events = checked.events;
  const roots =
    events === undefined
      ? [...Object.values(SNIPPET_MAPPINGS), SNIPPET_OTHER_EVENTS]
      : [...new Set(events.map(mappingOf))];
  const parts = selectedParts(roots);
  const mappingModules = new Set(roots.map((index) => SNIPPET_PARTS[index]?.module));
  const sections: string[] = [];
  let module: number | undefined;
  for (const index of parts) {
    const part = SNIPPET_PARTS[index] as (typeof SNIPPET_PARTS)[number];
    if (roots.includes(index)) {
      const mapped = (events ?? Object.keys(SNIPPET_MAPPINGS)).filter(
        (event) => mappingOf(event) === index,
      );
      const label = mapped.length > 0 ? mapped.join(', ') : 'every other Regal event';
      sections.push(`${lineComment(`---- ${label}`)} `.padEnd(WIDTH, '-'));
    } else if (!mappingModules.has(part.module) && part.module !== module) {
      if (module === undefined || mappingModules.has(module)) sections.push(HELPERS_BANNER);
      const title = SNIPPET_MODULES[part.module];
      if (title !== undefined && title !== '') sections.push(title);
    }
    module = part.module;
    sections.push(part.code);
  }
  return [
    header(checked).join('\n'),
    optionsBlock(checked).join('\n'),
    mappingsBlock(events).join('\n'),
    ...sections,
    `${routing(events).join('\n')}\n`,
  ].join('\n\n');
}
