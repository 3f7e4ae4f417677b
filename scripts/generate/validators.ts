// Writes src/transforms/validation/validators.generated.ts from the zod schemas that
// src/transforms/schemas/ exports: for each schema, a description (SchemaNode, read by
// explain() to word a refusal) and an `is…` function answering yes/no in straight-line code.
// The transforms and the Data Transformation both use them; zod itself never runs on a payload.
// test/transforms/validators.test.ts holds both to zod's safeParse.
import * as schemas from '../../src/transforms/schemas/index.js';
import { formatTypeScript } from './format.js';

/** The generated module, relative to the repository root. */
export const VALIDATORS_MODULE = 'src/transforms/validation/validators.generated.ts';

type AnySchema = { _zod: { def: Def; optin?: string } };
type Def = {
  type: string;
  checks?: { _zod: { def: { check: string; minimum?: number; error?: unknown } } }[];
  innerType?: AnySchema;
  options?: AnySchema[];
  values?: unknown[];
  entries?: Record<string, unknown>;
  shape?: Record<string, AnySchema>;
  catchall?: AnySchema;
  keyType?: AnySchema;
  valueType?: AnySchema;
  element?: AnySchema;
};

function fail(message: string): never {
  throw new Error(`generate validators: ${message}`);
}

const LEAF_TYPES = new Set(['string', 'number', 'boolean', 'unknown']);

/**
 * Schemas that others extend (z.extend), with the keys the others replace: the fields they all
 * share are checked by one function.
 */
const EXTENDED_SCHEMAS: Readonly<Record<string, readonly string[]>> = {
  regalEventSchema: ['name', 'properties'],
};

/** `callCompletedEventSchema` -> `CallCompletedEvent`. */
function baseName(exportName: string): string {
  const name = exportName.replace(/Schema$/, '');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `CallCompletedEvent` -> `CALL_COMPLETED_EVENT`. */
function constantName(base: string): string {
  return base.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function checksOf(def: Def) {
  return def.checks ?? [];
}

/** The message zod gives a check, when the schema set one. */
function customMessage(check: { _zod: { def: { error?: unknown } } }): string | undefined {
  const error = check._zod.def.error;
  if (typeof error !== 'function') return undefined;
  const message: unknown = (error as () => unknown)();
  return typeof message === 'string' ? message : undefined;
}

/** A leaf type word of SchemaNode (`string`, `array`…), or undefined when `schema` is not a leaf. */
function leafType(schema: AnySchema): string | undefined {
  const def = schema._zod.def;
  if (checksOf(def).length > 0) return undefined;
  if (LEAF_TYPES.has(def.type)) return def.type;
  if (def.type === 'array' && leafType(def.element!) === 'unknown') return 'array';
  return undefined;
}

/** `schema` without its optional/nullable wrappers, and whether they make it nullish. */
function unwrap(schema: AnySchema): { inner: AnySchema; nullish: boolean } {
  const def = schema._zod.def;
  if (def.type === 'optional') {
    const innerDef = def.innerType!._zod.def;
    if (innerDef.type === 'nullable' && checksOf(innerDef).length === 0) {
      return { inner: innerDef.innerType!, nullish: true };
    }
    // z.optional(z.unknown()) accepts exactly what z.nullish(z.unknown()) accepts.
    if (leafType(def.innerType!) === 'unknown') return { inner: def.innerType!, nullish: true };
    fail('z.optional() without z.nullable() is not supported: use z.nullish()');
  }
  if (def.type === 'nullable') fail('z.nullable() alone is not supported: use z.nullish()');
  return { inner: schema, nullish: false };
}

interface Emitted {
  /** The SchemaNode, as TypeScript source. */
  node: string;
  /** A boolean expression that is true when `value` (an expression) fits. */
  accept: (value: string) => string;
}

class Generator {
  readonly names = new Map<AnySchema, string>();
  readonly declarations: string[] = [];
  readonly helpers = new Map<string, string>();
  readonly done = new Set<AnySchema>();
  readonly types = new Set<string>();

  constructor(exported: [string, AnySchema][]) {
    for (const [name, schema] of exported) this.names.set(schema, baseName(name));
  }

  /** A helper function for a leaf (`isNullishStringOrNumber`), written once. */
  leafHelper(types: string[], nullish: boolean): string {
    const words = types.map((type) => type.charAt(0).toUpperCase() + type.slice(1));
    const name = `is${nullish ? 'Nullish' : ''}${words.join('Or')}`;
    if (!this.helpers.has(name)) {
      const tests: string[] = types.map((type) => {
        switch (type) {
          case 'string':
            return "typeof value === 'string'";
          case 'number':
            return "(typeof value === 'number' && Number.isFinite(value))";
          case 'boolean':
            return "typeof value === 'boolean'";
          case 'array':
            return 'Array.isArray(value)';
          default:
            return fail(`unexpected leaf type ${type}`);
        }
      });
      if (nullish) tests.unshift('value == null');
      this.helpers.set(
        name,
        `function ${name}(value: unknown): boolean {\n  return ${tests.join(' || ')};\n}`,
      );
    }
    return name;
  }

  /** Leaf: a union of leaf types, possibly nullish. */
  leaf(schema: AnySchema, nullish: boolean): Emitted | undefined {
    const def = schema._zod.def;
    let types: string[] | undefined;
    const single = leafType(schema);
    if (single !== undefined) types = [single];
    else if (def.type === 'union' && checksOf(def).length === 0) {
      const options = def.options!.map(leafType);
      if (options.every((type): type is string => type !== undefined && type !== 'unknown')) {
        types = options;
      }
    }
    if (types === undefined) return undefined;
    const node = JSON.stringify(`${types.join('|')}${nullish ? '?' : ''}`);
    if (types.includes('unknown')) return { node, accept: () => 'true' };
    const helper = this.leafHelper(types, nullish);
    return { node, accept: (value) => `${helper}(${value})` };
  }

  emit(schema: AnySchema, context: string): Emitted {
    const named = this.names.get(schema);
    if (named !== undefined) {
      this.declare(schema, named);
      return { node: constantName(named), accept: (value) => `is${named}(${value})` };
    }
    const { inner, nullish } = unwrap(schema);
    const leaf = this.leaf(inner, nullish);
    if (leaf !== undefined) return leaf;
    if (nullish) {
      const body = this.emit(inner, context);
      const node = this.names.has(inner)
        ? `{ ...${body.node}, nullish: true }`
        : body.node.replace(/^\{/, '{ nullish: true,');
      return { node, accept: (value) => `(${value} == null || ${body.accept(value)})` };
    }
    return this.composite(inner, context);
  }

  composite(schema: AnySchema, context: string): Emitted {
    const def = schema._zod.def;
    const checks = checksOf(def);
    switch (def.type) {
      case 'literal': {
        if (def.values!.length !== 1 || typeof def.values![0] !== 'string') {
          fail(`${context}: only single string literals are supported`);
        }
        const literal = JSON.stringify(def.values![0]);
        return { node: `{ literal: ${literal} }`, accept: (value) => `${value} === ${literal}` };
      }
      case 'enum': {
        const values = Object.values(def.entries!);
        if (!values.every((value) => typeof value === 'string')) {
          fail(`${context}: only string enums are supported`);
        }
        const list = values.map((value) => JSON.stringify(value));
        return {
          node: `{ oneOf: [${list.join(', ')}] }`,
          accept: (value) => `(${list.map((item) => `${value} === ${item}`).join(' || ')})`,
        };
      }
      case 'string': {
        if (checks.length !== 1 || checks[0]!._zod.def.check !== 'min_length') {
          fail(`${context}: only z.string().check(z.minLength(n, message)) is supported`);
        }
        const minimum = checks[0]!._zod.def.minimum!;
        const message = customMessage(checks[0]!);
        const messagePart = message === undefined ? '' : `, message: ${JSON.stringify(message)}`;
        const lengthTest =
          minimum === 1
            ? (value: string) => `${value} !== ''`
            : (value: string) => `codePointLength(${value}) >= ${minimum}`;
        return {
          node: `{ minLength: ${minimum}${messagePart} }`,
          accept: (value) => `(typeof ${value} === 'string' && ${lengthTest(value)})`,
        };
      }
      case 'record': {
        const keyDef = def.keyType!._zod.def;
        if (keyDef.type !== 'string' || checksOf(keyDef).length > 0) {
          fail(`${context}: only records with plain string keys are supported`);
        }
        const values = this.emit(def.valueType!, `${context} values`);
        const helper = `is${context}Record`;
        this.helpers.set(
          helper,
          [
            `function ${helper}(value: unknown): boolean {`,
            '  if (!isZodPlainObject(value) || !hasNoSymbolKeys(value)) return false;',
            values.accept('value[key]') === 'true'
              ? '  return true;'
              : [
                  '  for (const key of Object.keys(value)) {',
                  `    if (key !== '__proto__' && !${values.accept('value[key]')}) return false;`,
                  '  }',
                  '  return true;',
                ].join('\n'),
            '}',
          ].join('\n'),
        );
        return { node: `{ record: ${values.node} }`, accept: (value) => `${helper}(${value})` };
      }
      case 'object':
        return this.object(schema, context);
      default:
        return fail(`${context}: zod type "${def.type}" is not supported`);
    }
  }

  /** The base schema whose shape `shape` extends (z.extend), with the keys it replaces. */
  baseOf(shape: Record<string, AnySchema>, self: AnySchema) {
    for (const [exportName, replaced] of Object.entries(EXTENDED_SCHEMAS)) {
      const base = (schemas as unknown as Record<string, AnySchema>)[exportName]!;
      const baseShape = base._zod.def.shape!;
      const keys = Object.keys(baseShape);
      if (keys.length !== Object.keys(shape).length || keys.some((key) => !(key in shape))) {
        continue;
      }
      if (keys.every((key) => replaced.includes(key) || shape[key] === baseShape[key])) {
        return { base, name: baseName(exportName), replaced, self: base === self };
      }
    }
    return undefined;
  }

  object(schema: AnySchema, context: string): Emitted {
    const def = schema._zod.def;
    if (checksOf(def).length > 0) fail(`${context}: checks on objects are not supported`);
    const shape = def.shape!;
    const keys = Object.keys(shape);
    const derived = this.baseOf(shape, schema);
    const own = derived === undefined ? keys : [...derived.replaced];
    const fields = new Map(own.map((key) => [key, this.emit(shape[key]!, pascal(context, key))]));
    const catchall =
      def.catchall === undefined || leafType(def.catchall) === 'unknown'
        ? undefined
        : this.emit(def.catchall, `${context}Other`);
    const tests = own.map((key) => this.keyTest(key, shape[key]!, fields.get(key)!));
    let nodeFields = own.map((key) => `${jsKey(key)}: ${fields.get(key)!.node}`);
    if (derived !== undefined) {
      // The fields all the extensions share are checked in each one's own function, not in a
      // helper they all call: each function's property reads then see the shapes of one event
      // only, which V8 keeps fast (monomorphic) instead of a lookup per read (megamorphic).
      tests.unshift(...this.fieldTests(derived.base, derived.replaced));
      if (derived.self) {
        const all = keys.map((key) => [key, this.emit(shape[key]!, pascal(context, key))] as const);
        nodeFields = all.map(([key, field]) => `${jsKey(key)}: ${field.node}`);
      } else {
        this.declare(derived.base, derived.name);
        nodeFields.unshift(`...${constantName(derived.name)}.object`);
      }
    }
    const rest = catchall === undefined ? '' : `, rest: ${catchall.node}`;
    const node = `{ object: { ${nodeFields.join(', ')} }${rest} }`;
    const useful = tests.filter((test) => test !== 'true');
    const lines: string[] = [];
    if (catchall === undefined) {
      lines.push(`  return isRecord(value) && ${useful.join(' &&\n    ')};`);
    } else {
      const known = keys.map((key) => `key !== ${JSON.stringify(key)}`).join(' && ');
      lines.push(
        `  if (!isRecord(value) || !(${useful.join(' &&\n    ')})) return false;`,
        '  for (const key in value) {',
        `    if (key !== '__proto__' && ${known} && !${catchall.accept('value[key]')}) return false;`,
        '  }',
        '  return true;',
      );
    }
    const named = this.names.get(schema);
    if (named !== undefined) {
      this.objectBodies.set(schema, lines.join('\n'));
      return { node, accept: (value) => `is${named}(${value})` };
    }
    const helper = `is${context}`;
    this.helpers.set(
      helper,
      [`function ${helper}(value: unknown): boolean {`, ...lines, '}'].join('\n'),
    );
    return { node, accept: (value) => `${helper}(${value})` };
  }

  readonly objectBodies = new Map<AnySchema, string>();
  readonly accepts: string[] = [];

  fieldTests(schema: AnySchema, except: readonly string[]): string[] {
    const shape = schema._zod.def.shape!;
    const name = this.names.get(schema)!;
    return Object.keys(shape)
      .filter((key) => !except.includes(key))
      .map((key) => this.keyTest(key, shape[key]!, this.emit(shape[key]!, pascal(name, key))))
      .filter((test) => test !== 'true');
  }

  /** The test of one key of an object: its value fits, and it is present unless optional. */
  keyTest(key: string, schema: AnySchema, field: Emitted): string {
    const access = /^[A-Za-z_$][\w$]*$/.test(key)
      ? `value.${key}`
      : `value[${JSON.stringify(key)}]`;
    const test = field.accept(access);
    // A key whose schema is not optional must be present, even when it accepts anything.
    if (schema._zod.optin === undefined && test === 'true')
      return `${JSON.stringify(key)} in value`;
    return test;
  }

  declare(schema: AnySchema, name: string): void {
    if (this.done.has(schema)) return;
    this.done.add(schema);
    const def = schema._zod.def;
    const emitted = def.type === 'object' ? this.object(schema, name) : this.bare(schema, name);
    const exportName = `${lowerFirst(name)}Schema`;
    this.types.add(exportName);
    const signature = `export function is${name}(value: unknown): value is z.output<typeof ${exportName}>`;
    const body = this.objectBodies.get(schema) ?? `  return ${emitted.accept('value')};`;
    const type = emitted.node.startsWith('{')
      ? `SchemaObject<z.output<typeof ${exportName}>>`
      : 'SchemaNode';
    this.accepts.push(`[${constantName(name)}, is${name}]`);
    this.declarations.push(
      `/** What \`${exportName}\` accepts. */\nexport const ${constantName(name)}: ${type} = ${emitted.node};`,
      `/** True when \`value\` passes \`${exportName}\`. */\n${signature} {\n${body}\n}`,
    );
  }

  bare(schema: AnySchema, name: string): Emitted {
    const { inner, nullish } = unwrap(schema);
    return this.leaf(inner, nullish) ?? this.composite(schema, name);
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function pascal(prefix: string, key: string): string {
  return (
    prefix +
    key
      .split(/[^A-Za-z0-9]+/)
      .filter((word) => word !== '')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join('')
  );
}

function jsKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) && key !== '__proto__' ? key : JSON.stringify(key);
}

/** The exported zod schemas, by export name. */
export function exportedSchemas(): [string, AnySchema][] {
  return Object.entries(schemas as Record<string, unknown>)
    .filter(([name]) => name.endsWith('Schema'))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, schema]) => [name, schema as AnySchema]);
}

/** The source of validators.generated.ts. */
export async function validatorsSource(): Promise<string> {
  const exported = exportedSchemas();
  const generator = new Generator(exported);
  for (const [name, schema] of exported) generator.declare(schema, baseName(name));
  const acceptsTable = [
    '/** The yes/no check of each description above: what the transforms run first. */',
    'export const ACCEPTS: ReadonlyMap<SchemaNode, (value: unknown) => boolean> = new Map<',
    '  SchemaNode,',
    '  (value: unknown) => boolean',
    `>([${generator.accepts.join(', ')}]);`,
  ].join('\n');
  const body = [...generator.helpers.values(), ...generator.declarations, acceptsTable];
  const used = (name: string) => body.some((code) => new RegExp(`\\b${name}\\b`).test(code));
  const imports = ['codePointLength', 'hasNoSymbolKeys', 'isZodPlainObject']
    .filter(used)
    .concat(['SchemaNode', 'SchemaObject'].filter(used).map((name) => `type ${name}`));
  const source = [
    [
      "// What each Regal event must hold, generated from regal-braze's schemas (explain() reads these",
      '// descriptions to say why a payload is refused). Do not edit: regenerate.',
      '',
      '/* Generated by `npm run generate` (scripts/generate/validators.ts) from the zod schemas of',
      ' * src/transforms/schemas/. For each schema, what it accepts (a SchemaNode) and an is…',
      ' * function answering the same yes or no, faster (the library uses them). */',
    ].join('\n'),
    `import { ${imports.join(', ')} } from './explain.js';`,
    "import { isRecord } from '../../common/objects.js';",
    "import type * as z from 'zod/mini';",
    `import type { ${[...generator.types].sort().join(', ')} } from '../schemas/index.js';`,
    '',
    ...body,
    '',
  ].join('\n\n');
  return formatTypeScript(source);
}
