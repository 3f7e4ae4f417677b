// The README's and docs/' code blocks run as written: each ```ts runnable block is written out
// as a module (scripts/doc-blocks.ts) that imports `regal-braze` by name (resolved to src/ here).
// Test blocks run as vitest test files; other runnable blocks run as programs against msw mocks
// of Regal and Braze, with the environment variables the clients read. A block that looks like a
// test must be marked runnable, so that none is left untested.
import { setupServer } from 'msw/node';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allDocBlocks, writeRunnableBlocks } from '../../scripts/doc-blocks.js';
import { brazeHandlers, regalHandlers } from '../../src/testing/msw/index.js';
import { failOnUnhandled } from '../support/msw.js';

const written = writeRunnableBlocks();
const importBlock = (path: string): Promise<unknown> => import(pathToFileURL(path).href);

describe('documentation code blocks', () => {
  it('has runnable blocks in the README, both tests and examples', () => {
    const readme = written.filter((block) => block.file === 'README.md');
    expect(readme.filter((block) => block.kind === 'test').length).toBeGreaterThanOrEqual(2);
    expect(readme.filter((block) => block.kind === 'script').length).toBeGreaterThanOrEqual(2);
  });

  it('marks every block that is a test runnable', () => {
    const unmarkedTests = allDocBlocks()
      .filter(
        (block) => !block.runnable && ['ts', 'js', 'typescript', 'javascript'].includes(block.lang),
      )
      .filter((block) =>
        /^\s*(test|it|describe|beforeAll|beforeEach)\(|\bexpect\(/m.test(block.code),
      )
      .map((block) => `${block.file}:${block.line}`);
    expect(unmarkedTests).toEqual([]);
  });
});

for (const block of written.filter((block) => block.kind === 'test')) {
  describe(`${block.file}:${block.line}`, async () => {
    await importBlock(block.path);
  });
}

describe('runnable examples, against msw mocks of Regal and Braze', () => {
  const regal = regalHandlers({ apiKey: 'regal-docs-key' });
  const braze = brazeHandlers({ apiKey: 'braze-docs-key' });
  const server = setupServer(...regal.handlers, ...braze.handlers);
  const env = {
    REGAL_API_KEY: 'regal-docs-key',
    BRAZE_API_KEY: 'braze-docs-key',
    BRAZE_REST_ENDPOINT: 'US-03',
    REGAL_WEBHOOK_SECRET: 'docs-webhook-secret-0123456789',
  };
  const saved = new Map<string, string | undefined>();

  beforeAll(() => {
    for (const [name, value] of Object.entries(env)) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
    server.listen(failOnUnhandled);
  });
  afterEach(() => {
    regal.reset();
    braze.reset();
  });
  afterAll(() => {
    server.close();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  for (const block of written.filter((block) => block.kind === 'script')) {
    it(`${block.file}:${block.line} runs`, async () => {
      await importBlock(block.path);
      const refused = [...regal.calls, ...braze.calls].filter((call) => call.status >= 300);
      expect(refused).toEqual([]);
    });
  }
});
