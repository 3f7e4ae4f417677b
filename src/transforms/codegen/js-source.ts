// Small helpers that write values and comments into generated JavaScript (ES2018).

const LINE_TERMINATORS = /[\u2028\u2029]/g;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// Control characters, and the two Unicode line terminators, cannot stay raw in a line comment.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A JSON value as a JavaScript literal. JSON is valid JavaScript only since ES2019: before it,
 * U+2028 and U+2029 end a string literal, so they are escaped.
 */
export function jsLiteral(value: unknown): string {
  return JSON.stringify(value).replace(LINE_TERMINATORS, unicodeEscape);
}

/** A property name in an object literal. */
export function jsKey(key: string): string {
  // `{ "__proto__": x }` would set the prototype instead of defining a key: compute it.
  if (key === '__proto__') return '["__proto__"]';
  return IDENTIFIER.test(key) ? key : jsLiteral(key);
}

/** An array of JSON values on one line: `["a", "b"]`. */
export function jsArray(values: readonly unknown[]): string {
  return `[${values.map(jsLiteral).join(', ')}]`;
}

/** A string record as an object literal, one key a line, indented under `indent`. */
export function jsRecord(record: Readonly<Record<string, string>>, indent: string): string {
  const keys = Object.keys(record);
  if (keys.length === 0) return '{}';
  const lines = keys.map((key) => `${indent}  ${jsKey(key)}: ${jsLiteral(record[key])},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** Text as one `//` comment line, whatever characters it holds. */
export function lineComment(text: string): string {
  return `// ${text.replace(UNPRINTABLE, unicodeEscape)}`.trimEnd();
}

/** True when text holds a character that {@link lineComment} would have to escape. */
export function hasUnprintable(text: string): boolean {
  return new RegExp(UNPRINTABLE.source).test(text);
}
