import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../src/transforms/core/utf8-length.js';

describe('utf8Length', () => {
  it('counts what TextEncoder writes, for any well-formed text', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (text) => {
        expect(utf8Length(text)).toBe(encoder.encode(text).length);
      }),
      { numRuns: 2000 },
    );
    expect(utf8Length('a é 😀 中')).toBe(encoder.encode('a é 😀 中').length);
  });
});
