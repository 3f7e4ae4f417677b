import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SDK_VERSION, USER_AGENT } from '../../src/common/version.js';

describe('SDK version', () => {
  it('names the SDK and the version in package.json', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      name: string;
      version: string;
    };
    expect(SDK_VERSION).toBe(pkg.version);
    expect(USER_AGENT).toBe(`${pkg.name}/${pkg.version}`);
  });
});
