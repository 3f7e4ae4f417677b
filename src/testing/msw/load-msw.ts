import { createRequire } from 'node:module';
import type * as Msw from 'msw';
import { RegalBrazeError } from '../../errors/index.js';

/** The parts of msw the mock APIs use. */
export type MswModule = Pick<typeof Msw, 'http' | 'HttpResponse' | 'delay'>;

let loaded: MswModule | undefined;

function isMissingMsw(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    /['"]msw['"]/.test(message)
  );
}

/**
 * Loads msw with `load`, turning "cannot find msw" into an error that says how to install it.
 * @param helper - the function that needs msw, for the error message.
 * @throws {@link RegalBrazeError} when msw is not installed.
 */
export function requireMsw(helper: string, load: (id: string) => unknown): MswModule {
  try {
    return load('msw') as MswModule;
  } catch (error) {
    if (!isMissingMsw(error)) throw error;
    throw new RegalBrazeError(
      `${helper}() needs msw (Mock Service Worker), which is not installed: ` +
        'run `npm install --save-dev msw@^2`. The rest of regal-braze/testing works without it.',
      { cause: error },
    );
  }
}

/**
 * msw, loaded on first use only: `regal-braze` and `regal-braze/transforms` never load it, and
 * the rest of `regal-braze/testing` works without it (msw is an optional peer dependency).
 */
export function loadMsw(helper: string): MswModule {
  loaded ??= requireMsw(helper, createRequire(import.meta.url));
  return loaded;
}
