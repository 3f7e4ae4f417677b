// The templates in Shopify's own Liquid (the Ruby gem Braze runs) give what liquidjs gives, body
// for body and abort for abort. Runs where `ruby` and the `liquid` gem are installed
// (Debian: apt-get install ruby-liquid); the other template tests run everywhere.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBrazeWebhook } from '../../src/index.js';
import { BrazeAbort, liquidScope, renderBraze, toPlainLiquid } from '../support/braze-liquid.js';
import { OPTION_SETS, profiles } from '../support/braze-webhook-options.js';

const SCRIPT = fileURLToPath(new URL('../support/render-braze.rb', import.meta.url));
const hasRubyLiquid =
  spawnSync('ruby', ['-e', 'require "liquid"'], { stdio: 'ignore' }).status === 0;

// The send time differs between two renderings.
const withoutTime = (body: string) =>
  body.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000/g, 'NOW');

describe.skipIf(!hasRubyLiquid)('Ruby Liquid and liquidjs agree', () => {
  it.each(
    OPTION_SETS.map(([flow, options], index) => [`${flow} #${index}`, flow, options] as const),
  )(
    '%s',
    (_, flow, options) => {
      const { body } = toBrazeWebhook(flow, options);
      const samples = fc.sample(profiles({ floats: false }), { numRuns: 100, seed: 11 });
      const input = samples
        .map((profile) =>
          JSON.stringify({ template: toPlainLiquid(body), profile: liquidScope(profile) }),
        )
        .join('\n');
      const run = spawnSync('ruby', [SCRIPT], {
        input: `${input}\n`,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.stderr).toBe('');
      const ruby = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { body?: string; abort?: string; error?: string });
      samples.forEach((profile, index) => {
        let js: { body?: string; abort?: string };
        try {
          js = { body: renderBraze(body, profile) };
        } catch (error) {
          if (!(error instanceof BrazeAbort)) throw error;
          js = { abort: error.reason };
        }
        const theirs = ruby[index]!;
        expect(theirs.error).toBeUndefined();
        expect({ ...theirs, body: theirs.body && withoutTime(theirs.body) }).toEqual({
          ...js,
          body: js.body && withoutTime(js.body),
        });
      });
    },
    60_000,
  );
});
