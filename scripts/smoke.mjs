// Smoke test of the built package as users load it: ESM import and CJS require, through the exports map.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const esm = await import('regal-braze');
const esmTransforms = await import('regal-braze/transforms');
const cjs = require('regal-braze');
const cjsTransforms = require('regal-braze/transforms');

for (const [label, mod] of Object.entries({ esm, esmTransforms, cjs, cjsTransforms })) {
  assert.equal(typeof mod.PayloadError, 'function', `${label}: PayloadError is exported`);
}
// One class per format, shared by both entries: instanceof works across `regal-braze` and `regal-braze/transforms`.
assert.equal(esm.PayloadError, esmTransforms.PayloadError);
assert.equal(cjs.PayloadError, cjsTransforms.PayloadError);

console.log('smoke: ESM and CJS entries load');
