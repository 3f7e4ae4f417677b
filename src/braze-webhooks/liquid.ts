// The Liquid of the templates. Braze runs Shopify's Liquid (Ruby): string literals have no
// escape sequences, so nothing here writes a backslash or a control character inside a tag;
// characters are recognised by comparison (`>= " "`) or by their `url_encode` form instead.
import type { Abort, Slot } from './plan.js';

const INERT: Readonly<Record<string, string>> = { '{': '\\u007b', '}': '\\u007d', $: '\\u0024' };

/**
 * A JSON literal that Braze passes through untouched: `{`, `}` and `$` (which could open Liquid
 * or Braze's `${…}`) written as JSON escapes.
 */
export function jsonLiteral(value: string | number | boolean): string {
  return JSON.stringify(value).replace(/[{}$]/g, (character) => INERT[character] ?? character);
}

let spaces: string | undefined;

/**
 * The `url_encode` form of every character JavaScript's `trim()` removes, beyond the control
 * characters (removed before): what makes a value blank for `RegalClient` (`" "` is `+`).
 */
export function spaceEncodings(): string {
  if (spaces === undefined) {
    const found: string[] = [];
    for (let code = 0x20; code <= 0xffff; code++) {
      const character = String.fromCharCode(code);
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (character.trim() === '') found.push(encodeURIComponent(character).replace('%20', '+'));
    }
    spaces = found.join(',');
  }
  return spaces;
}

/** Aborts with a message naming the template (Braze shows it in the Message Activity Log). */
export function abortTag(message: string): string {
  return `{% abort_message('regal-braze: ${message.replace(/'/g, '’')}') %}`;
}

/** Every line ends with `-%}`: the lines that prepare values print nothing. */
function line(text: string): string {
  return `${text.replace(/ %\}$/, ' -%}')}\n`;
}

/** Reads a Braze value into `slot.variable` without its control characters (U+0000–U+001F). */
function readValue(slot: Slot): string {
  const v = slot.variable;
  return line(
    `{% assign regal_characters = ${slot.ref.liquid} | split: "" %}{% assign ${v} = "" %}` +
      `{% for regal_character in regal_characters %}{% if regal_character >= " " %}` +
      `{% assign ${v} = ${v} | append: regal_character %}{% endif %}{% endfor %}`,
  );
}

/** Blank (only spaces, as `trim()` sees them): becomes `""`. */
function blankToEmpty(v: string): string {
  return line(
    `{% assign regal_visible = ${v} | url_encode %}{% for regal_space in regal_spaces %}` +
      `{% assign regal_visible = regal_visible | remove: regal_space %}{% endfor %}` +
      `{% if regal_visible == "" %}{% assign ${v} = "" %}{% endif %}`,
  );
}

function checkPhone(slot: Slot): string {
  const v = slot.variable;
  return (
    line(
      `{% if ${v} != "" %}{% assign ${v} = ${v} | remove: " " | remove: "-" | remove: "." | remove: "(" | remove: ")" %}` +
        `{% assign regal_digits = ${v} | remove_first: "+" %}{% assign regal_rest = regal_digits %}` +
        `{% for regal_digit in (0..9) %}{% assign regal_rest = regal_rest | remove: regal_digit %}{% endfor %}` +
        `{% assign regal_plus = ${v} | slice: 0 %}{% endif %}`,
    ) +
    line(
      `{% if ${v} != "" %}{% if regal_plus != "+" or regal_rest != "" or regal_digits.size < 7 or regal_digits.size > 15 %}` +
        `${abortTag(`${slot.ref.label} is not an E.164 phone number (+ and 7 to 15 digits)`)}{% endif %}{% endif %}`,
    )
  );
}

// What RegalClient's email rule refuses: not exactly one @, an empty part, a domain without a
// dot or with an empty label, more than 254 characters, spaces and "(),:;<>[]\ (the last by its
// url_encode form, %5C). Braze's `size` counts characters where RegalClient counts UTF-16
// units: an address with characters beyond U+FFFF may pass here up to 254 characters.
function checkEmail(slot: Slot): string {
  const v = slot.variable;
  const invalid = '{% assign regal_email_ok = false %}';
  return (
    line(
      `{% if ${v} != "" %}{% assign regal_email_ok = true %}{% assign regal_encoded = ${v} | url_encode %}` +
        `{% assign regal_without_at = ${v} | remove: "@" %}{% assign regal_ats = ${v}.size | minus: regal_without_at.size %}` +
        `{% assign regal_first = ${v} | slice: 0 %}{% assign regal_last = ${v} | slice: -1 %}` +
        `{% assign regal_domain = ${v} | split: "@" | last %}{% assign regal_domain_first = regal_domain | slice: 0 %}` +
        `{% assign regal_domain_last = regal_domain | slice: -1 %}{% endif %}`,
    ) +
    line(
      `{% if ${v} != "" %}{% if regal_ats != 1 or regal_first == "@" or regal_last == "@" or ${v}.size > 254 %}${invalid}{% endif %}` +
        `{% if regal_domain_first == "." or regal_domain_last == "." or regal_domain contains ".." %}${invalid}{% endif %}` +
        `{% unless regal_domain contains "." %}${invalid}{% endunless %}{% endif %}`,
    ) +
    line(
      `{% if ${v} != "" %}{% assign regal_forbidden = '" ( ) , : ; < > [ ]' | split: " " %}` +
        `{% for regal_character in regal_forbidden %}{% if ${v} contains regal_character %}${invalid}{% endif %}{% endfor %}` +
        `{% for regal_space in regal_spaces %}{% if regal_encoded contains regal_space %}${invalid}{% endif %}{% endfor %}` +
        `{% if regal_encoded contains "%5C" %}${invalid}{% endif %}{% endif %}`,
    ) +
    line(
      `{% if ${v} != "" and regal_email_ok == false %}${abortTag(`${slot.ref.label} is not a valid email address`)}{% endif %}`,
    )
  );
}

/** The lines that read and check one value. */
export function prepareSlot(slot: Slot): string {
  const v = slot.variable;
  const read = readValue(slot);
  switch (slot.kind) {
    case 'text':
      return read + blankToEmpty(v);
    case 'phone':
      return read + blankToEmpty(v) + checkPhone(slot);
    case 'email':
      return read + blankToEmpty(v) + checkEmail(slot);
    case 'number':
      // A canonical number only: what `plus: 0` gives back unchanged (42, 4.5, 1e+21), never NaN.
      return (
        read +
        line(
          `{% assign regal_number = ${v} | plus: 0 | append: "" %}` +
            `{% if regal_number != ${v} or ${v} == "NaN" or ${v} == "Infinity" or ${v} == "-Infinity" %}` +
            `{% assign ${v} = "" %}{% endif %}`,
        )
      );
    case 'boolean':
      return (
        read + line(`{% if ${v} != "true" and ${v} != "false" %}{% assign ${v} = "" %}{% endif %}`)
      );
    case 'subscription':
      return (
        read +
        line(
          `{% if ${v} == "subscribed" or ${v} == "opted_in" %}{% assign ${v} = "true" %}` +
            `{% elsif ${v} == "unsubscribed" %}{% assign ${v} = "false" %}` +
            `{% elsif ${v} != "true" and ${v} != "false" %}{% assign ${v} = "" %}{% endif %}`,
        )
      );
  }
}

/** The line that lists the space characters, when a value needs them. */
export function spacesLine(): string {
  return line(`{% assign regal_spaces = "${spaceEncodings()}" | split: "," %}`);
}

/** Counts, e.g. the opt-ins present. */
export function countLine(variable: string, each: readonly (readonly string[])[]): string {
  return line(
    `{% assign ${variable} = 0 %}` +
      each
        .map((conditions) =>
          conditions.length === 0
            ? `{% assign ${variable} = ${variable} | plus: 1 %}`
            : `{% if ${conditions.join(' and ')} %}{% assign ${variable} = ${variable} | plus: 1 %}{% endif %}`,
        )
        .join(''),
  );
}

export function abortLine(abort: Abort): string {
  return line(`{% if ${abort.when.join(' and ')} %}${abortTag(abort.message)}{% endif %}`);
}

/** The send time, ISO 8601 with its offset (`2024-05-01T12:00:00+0000`). */
export function nowLine(): string {
  return line('{% assign regal_now = "now" | date: "%Y-%m-%dT%H:%M:%S%z" %}');
}

/** How a value is written in the body. */
export function slotOutput(slot: Slot): string {
  switch (slot.kind) {
    case 'number':
    case 'boolean':
    case 'subscription':
      return `{{ ${slot.variable} }}`;
    default:
      return `"{{ ${slot.variable} | json_escape }}"`;
  }
}
