// The option toolbox: how a spec is read (given value, environment variable, default), and the
// shared checks. The clients' own option tests hold their specs' messages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  implementing,
  MAX_TIMEOUT_MS,
  milliseconds,
  readOptions,
  wholeNumber,
  type Check,
  type OptionsSpec,
} from '../../src/common/options.js';
import type { Issue } from '../../src/common/text.js';

afterEach(() => vi.unstubAllEnvs());

// Normalises (trims), to show that the checked value is what is kept.
const trimmed: Check<string> = (value, path, issues) => {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  issues.push({ path, message: 'must be text' });
  return undefined;
};

const SPEC = {
  key: { check: trimmed, env: 'TOOLBOX_TEST_KEY', required: true },
  host: { check: trimmed, env: 'TOOLBOX_TEST_HOST', required: '(a host name)' },
  size: { check: wholeNumber(1), default: 10 },
  label: { check: trimmed },
} as const satisfies OptionsSpec;

function read(given: unknown): { value: unknown; issues: Issue[] } {
  const issues: Issue[] = [];
  const value = readOptions(SPEC, given, issues);
  return { value, issues };
}

describe('readOptions', () => {
  it('keeps checked values, applies defaults, leaves optional ones undefined', () => {
    expect(read({ key: ' k ', host: 'h', size: 3 })).toEqual({
      value: { key: 'k', host: 'h', size: 3, label: undefined },
      issues: [],
    });
    expect(read({ key: 'k', host: 'h' }).value).toMatchObject({ size: 10 });
  });

  it('falls back to the environment variable, and names it in its issues', () => {
    vi.stubEnv('TOOLBOX_TEST_KEY', 'from-env');
    vi.stubEnv('TOOLBOX_TEST_HOST', ' ');
    expect(read({}).value).toMatchObject({ key: 'from-env' });
    vi.stubEnv('TOOLBOX_TEST_HOST', 'h');
    vi.stubEnv('TOOLBOX_TEST_KEY', '\t');
    // A blank variable counts as unset.
    expect(read({}).issues).toEqual([
      {
        path: ['key'],
        message:
          'is required: pass the key option or set the TOOLBOX_TEST_KEY environment variable',
      },
    ]);
  });

  it('prefixes issues about a value from the environment with the variable', () => {
    const spec = { size: { check: wholeNumber(1), env: 'TOOLBOX_TEST_SIZE' } } as const;
    vi.stubEnv('TOOLBOX_TEST_SIZE', 'ten');
    const issues: Issue[] = [];
    readOptions(spec, {}, issues);
    expect(issues).toEqual([
      { path: ['size'], message: 'TOOLBOX_TEST_SIZE must be a whole number, 1 or more' },
    ]);
  });

  it('lists every problem: unknown keys first, then each option in spec order', () => {
    expect(read({ sise: 1, label: 3, size: 0 }).issues).toEqual([
      { path: ['sise'], message: 'unknown key (expected key, host, size, label)' },
      {
        path: ['key'],
        message:
          'is required: pass the key option or set the TOOLBOX_TEST_KEY environment variable',
      },
      {
        path: ['host'],
        message:
          'is required: pass the host option or set the TOOLBOX_TEST_HOST environment variable (a host name)',
      },
      { path: ['size'], message: 'must be a whole number, 1 or more' },
      { path: ['label'], message: 'must be text' },
    ]);
  });

  it('undefined is {}; anything else that is not an object is one issue at the root', () => {
    expect(read(undefined).issues.map((issue) => issue.path[0])).toEqual(['key', 'host']);
    for (const given of [null, [], 'key', 5]) {
      expect(read(given).issues).toEqual([{ path: [], message: 'must be an object' }]);
    }
  });

  it('takes its unknown-key message and the path of the object from the settings', () => {
    const issues: Issue[] = [];
    readOptions({ size: { check: wholeNumber(1) } }, { other: 1, size: 'x' }, issues, {
      unknownKey: 'unknown option',
      path: ['transform'],
    });
    expect(issues).toEqual([
      { path: ['transform', 'other'], message: 'unknown option' },
      { path: ['transform', 'size'], message: 'must be a whole number, 1 or more' },
    ]);
  });

  it('reads options as properties (a getter counts); only own keys can be unknown', () => {
    class Config {
      host = 'h';
      get key(): string {
        return 'from-getter';
      }
    }
    expect(read(new Config())).toMatchObject({ value: { key: 'from-getter' }, issues: [] });
    expect(read(JSON.parse('{"__proto__": {"key": "x"}, "key": "k", "host": "h"}')).issues).toEqual(
      [{ path: ['__proto__'], message: 'unknown key (expected key, host, size, label)' }],
    );
  });
});

describe('shared checks', () => {
  it('sizes are not capped by the timer limit; durations are', () => {
    const issues: Issue[] = [];
    expect(wholeNumber(1)(MAX_TIMEOUT_MS + 1, ['maxQueueSize'], issues)).toBe(MAX_TIMEOUT_MS + 1);
    expect(milliseconds(MAX_TIMEOUT_MS + 1, ['timeout'], issues)).toBeUndefined();
    expect(issues).toEqual([
      {
        path: ['timeout'],
        message: `must be a number of milliseconds between 1 and ${MAX_TIMEOUT_MS}`,
      },
    ]);
  });

  it('wholeNumber states its range', () => {
    const issues: Issue[] = [];
    wholeNumber(1, 75)(76, ['n'], issues);
    wholeNumber(0)(1.5, ['m'], issues);
    expect(issues).toEqual([
      { path: ['n'], message: 'must be a whole number from 1 to 75' },
      { path: ['m'], message: 'must be a whole number, 0 or more' },
    ]);
  });

  it('implementing names the object, then each missing method', () => {
    const issues: Issue[] = [];
    const store = implementing<object>(['has', 'add'], 'a store with has and add');
    const complete = { has: () => true, add: () => true };
    expect(store(complete, ['s'], issues)).toBe(complete);
    expect(store(null, ['s'], issues)).toBeUndefined();
    expect(store({ has: () => true, add: 1 }, ['s'], issues)).toBeUndefined();
    expect(issues).toEqual([
      { path: ['s'], message: 'must be a store with has and add' },
      { path: ['s', 'add'], message: 'must be a function' },
    ]);
  });
});
