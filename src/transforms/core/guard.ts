import type * as z from 'zod/mini';

/** A fast yes/no answer to "does this value pass the schema?", with no allocation on success. */
export type Guard = (value: unknown) => boolean;

type AnySchema = z.core.$ZodType;
type Def = AnySchema['_zod']['def'] & Record<string, unknown>;

const ALWAYS: Guard = () => true;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// zod's isPlainObject, which its records require.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto = (ctor as { prototype?: unknown }).prototype;
  return isObject(proto) && Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++, length++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) i++;
  }
  return length;
}

function compileCheck(check: z.core.$ZodCheck): Guard {
  const def = check._zod.def as z.core.$ZodCheckDef & Record<string, unknown>;
  switch (def.check) {
    case 'min_length': {
      const minimum = def.minimum as number;
      return (value) =>
        (value as string).length >= minimum && codePointLength(value as string) >= minimum;
    }
    case 'custom': {
      const fn = def.fn as (value: unknown) => unknown;
      return (value) => Boolean(fn(value));
    }
    default:
      throw new Error(`compileGuard: unsupported zod check "${def.check}"`);
  }
}

function compileObject(def: Def): Guard {
  const shape = def.shape as Record<string, AnySchema>;
  const keys = Object.keys(shape);
  const guards = keys.map((key) => compileGuard(shape[key]!));
  // As zod does: a key whose schema is not optional must be present, even if it accepts undefined.
  const required = keys.map((key) => shape[key]!._zod.optin === undefined);
  const catchall = def.catchall as AnySchema | undefined;
  const rest =
    catchall === undefined || catchall._zod.def.type === 'unknown'
      ? undefined
      : compileGuard(catchall);
  const known = new Set(keys);
  return (value) => {
    if (!isObject(value)) return false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const field = value[key];
      if (field === undefined) {
        // Absent or undefined: an optional key passes either way; a required one must be present.
        if (required[i] && (!(key in value) || !guards[i]!(field))) return false;
      } else if (!guards[i]!(field)) return false;
    }
    if (rest !== undefined) {
      for (const key of Object.keys(value)) {
        // zod's catchall skips "__proto__"; the mappings check that key themselves.
        if (key !== '__proto__' && !known.has(key) && !rest(value[key])) return false;
      }
    }
    return true;
  };
}

function compileRecord(def: Def): Guard {
  const keyType = (def.keyType as AnySchema)._zod.def;
  if (keyType.type !== 'string' || (keyType.checks?.length ?? 0) > 0) {
    throw new Error('compileGuard: only records with plain string keys are supported');
  }
  const valueGuard = compileGuard(def.valueType as AnySchema);
  return (value) => {
    if (!isPlainObject(value)) return false;
    if (
      Object.getOwnPropertySymbols(value).some((key) =>
        Object.prototype.propertyIsEnumerable.call(value, key),
      )
    ) {
      return false;
    }
    if (valueGuard === ALWAYS) return true;
    for (const key of Object.keys(value)) {
      if (key !== '__proto__' && !valueGuard(value[key])) return false;
    }
    return true;
  };
}

/** The JavaScript values a schema accepts, when they are only primitives of some kinds. */
interface PrimitiveKinds {
  string: boolean;
  number: boolean;
  boolean: boolean;
  null: boolean;
  undefined: boolean;
}

// A union of plain primitives, possibly optional or nullable (z.nullish(z.union([z.string(),
// z.number()])), the commonest Regal field), has no checks to run: one typeof answers it.
function primitiveKinds(schema: AnySchema): PrimitiveKinds | undefined {
  const def = schema._zod.def as Def;
  if ((def.checks?.length ?? 0) > 0) return undefined;
  const none: PrimitiveKinds = {
    string: false,
    number: false,
    boolean: false,
    null: false,
    undefined: false,
  };
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return { ...none, [def.type]: true };
    case 'optional':
    case 'nullable': {
      const inner = primitiveKinds(def.innerType as AnySchema);
      return inner && { ...inner, [def.type === 'optional' ? 'undefined' : 'null']: true };
    }
    case 'union': {
      let kinds: PrimitiveKinds | undefined = none;
      for (const option of def.options as AnySchema[]) {
        const inner = primitiveKinds(option);
        if (inner === undefined || kinds === undefined) return undefined;
        kinds = {
          string: kinds.string || inner.string,
          number: kinds.number || inner.number,
          boolean: kinds.boolean || inner.boolean,
          null: kinds.null || inner.null,
          undefined: kinds.undefined || inner.undefined,
        };
      }
      return kinds;
    }
    default:
      return undefined;
  }
}

function primitiveGuard(kinds: PrimitiveKinds): Guard {
  return (value) => {
    switch (typeof value) {
      case 'string':
        return kinds.string;
      case 'number':
        return kinds.number && Number.isFinite(value);
      case 'boolean':
        return kinds.boolean;
      case 'undefined':
        return kinds.undefined;
      case 'object':
        return value === null && kinds.null;
      default:
        return false;
    }
  };
}

function compileType(def: Def): Guard {
  switch (def.type) {
    case 'string':
      return (value) => typeof value === 'string';
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'unknown':
      return ALWAYS;
    case 'literal': {
      const values = def.values as unknown[];
      return (value) => values.includes(value);
    }
    case 'enum': {
      const values = Object.values(def.entries as Record<string, unknown>);
      return (value) => values.includes(value);
    }
    case 'optional': {
      const innerDef = (def.innerType as AnySchema)._zod.def;
      if (innerDef.type === 'nullable' && (innerDef.checks?.length ?? 0) === 0) {
        // z.nullish(): one closure instead of two, on the hottest path.
        const inner = compileGuard((innerDef as Def).innerType as AnySchema);
        return (value) => value == null || inner(value);
      }
      const inner = compileGuard(def.innerType as AnySchema);
      return (value) => value === undefined || inner(value);
    }
    case 'nullable': {
      const inner = compileGuard(def.innerType as AnySchema);
      return (value) => value === null || inner(value);
    }
    case 'union': {
      const options = (def.options as AnySchema[]).map(compileGuard);
      if (options.length === 2) {
        const [first, second] = options as [Guard, Guard];
        return (value) => first(value) || second(value);
      }
      return (value) => options.some((option) => option(value));
    }
    case 'array': {
      const element = compileGuard(def.element as AnySchema);
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
        return true;
      };
    }
    case 'object':
      return compileObject(def);
    case 'record':
      return compileRecord(def);
    default:
      throw new Error(`compileGuard: unsupported zod type "${def.type}"`);
  }
}

/**
 * Compiles a zod schema into a {@link Guard} that answers exactly as `schema.safeParse(value).success`
 * (a test holds it to that on generated data), several times faster: no issue objects, no copy.
 * Only the schema features the transforms use are supported; any other throws at compile time.
 */
export function compileGuard(schema: AnySchema): Guard {
  const kinds = primitiveKinds(schema);
  if (kinds !== undefined) return primitiveGuard(kinds);
  const def = schema._zod.def as Def;
  const base = compileType(def);
  const checks = (def.checks ?? []).map(compileCheck);
  if (checks.length === 0) return base;
  return (value) => base(value) && checks.every((check) => check(value));
}
