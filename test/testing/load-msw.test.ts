// msw is an optional peer: a clear error when it is missing, any other failure untouched.
import { describe, expect, it } from 'vitest';
import { RegalBrazeError } from '../../src/index.js';
import { requireMsw } from '../../src/testing/msw/load-msw.js';

function failing(error: Error & { code?: string }): (id: string) => never {
  return () => {
    throw error;
  };
}

function notFound(message: string, code = 'MODULE_NOT_FOUND'): Error {
  return Object.assign(new Error(message), { code });
}

describe('requireMsw', () => {
  it('returns the module when it loads', () => {
    const msw = { http: {}, HttpResponse: {}, delay: () => undefined };
    expect(requireMsw('brazeHandlers', (id) => (id === 'msw' ? msw : undefined))).toBe(msw);
  });

  it.each([
    [
      "Cannot find module 'msw'\nRequire stack:\n- /app/node_modules/regal-braze/dist/testing.js",
      'MODULE_NOT_FOUND',
    ],
    ["Cannot find package 'msw' imported from /app/test.js", 'ERR_MODULE_NOT_FOUND'],
  ])('says how to install msw when it is missing (%#)', (message, code) => {
    const cause = notFound(message, code);
    let error: unknown;
    try {
      requireMsw('regalHandlers', failing(cause));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RegalBrazeError);
    expect((error as Error).message).toBe(
      'regalHandlers() needs msw (Mock Service Worker), which is not installed: run ' +
        '`npm install --save-dev msw@^2`. The rest of regal-braze/testing works without it.',
    );
    expect((error as Error).cause).toBe(cause);
  });

  it('lets any other failure through unchanged, even a module missing inside msw', () => {
    const inside = notFound("Cannot find module 'rettime'");
    expect(() => requireMsw('brazeHandlers', failing(inside))).toThrow(inside);
    const other = new TypeError('boom');
    expect(() => requireMsw('brazeHandlers', failing(other))).toThrow(other);
  });
});
