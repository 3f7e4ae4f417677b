// Runs a Regal payload through transformRegalEvent and through the generated Data
// Transformation (in node:vm, nothing bound but `payload` and `headers`), and compares.
import { expect } from 'vitest';
import {
  PayloadError,
  toBrazeTransformation,
  transformRegalEvent,
  type BrazeTransformationOptions,
  type TransformOptions,
} from '../../src/transforms/index.js';
import { compileTransformation } from './run-in-vm.js';

/** How an error that refused a payload looked. */
export interface Refusal {
  name: string;
  message: string;
}

/** What one side made of a payload: a body (`undefined`: nothing to send), or a refusal. */
export type Outcome = { body: unknown } | { refused: Refusal };

type Runner = (payload: unknown) => unknown;

/** A payload as Braze hands it over: the webhook body's JSON, parsed. */
export function asJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/** transformRegalEvent's outcome, its body through JSON as it would be sent. */
export function sdkOutcome(payload: unknown, options: TransformOptions | undefined): Outcome {
  try {
    return { body: asJson(transformRegalEvent(payload, options)) };
  } catch (error) {
    if (error instanceof PayloadError) {
      return { refused: { name: error.name, message: error.message } };
    }
    throw error;
  }
}

/** The snippet's outcome. */
export function snippetOutcome(run: Runner, payload: unknown): Outcome {
  try {
    return { body: run(payload) };
  } catch (error) {
    // Thrown inside the sandbox: an Error of the sandbox's realm, hence no instanceof.
    const { name, message } = error as Error;
    return { refused: { name, message } };
  }
}

const runners = new Map<string, Runner>();

/** The snippet for these options, compiled once into a fresh, empty vm context. */
export function snippetFor(options: BrazeTransformationOptions | undefined): Runner {
  const key = JSON.stringify(options ?? null);
  let run = runners.get(key);
  if (run === undefined) {
    run = compileTransformation(toBrazeTransformation(options));
    runners.set(key, run);
  }
  return run;
}

/** Runs both sides on the same JSON payload, asserts they agree, and returns the outcome. */
export function expectEquivalent(event: unknown, options: TransformOptions | undefined): Outcome {
  const payload = asJson(event);
  const expected = sdkOutcome(payload, options);
  expect(snippetOutcome(snippetFor(options), payload)).toEqual(expected);
  return expected;
}
