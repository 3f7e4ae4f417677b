// Smoke test of the built package as users load it: ESM import and CJS require, through the exports map.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

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

// The CLI as the package's `bin` runs it: "Done when" of the codegen issue. The transformation it
// prints for call.completed, run in a bare vm with the seed's payload, returns what Braze's own
// template returns (modulo nulls).
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const bin = fileURLToPath(new URL(`../${pkg.bin['regal-braze']}`, import.meta.url));
const cli = (args, input) =>
  execFileSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });

assert.equal(cli(['--version']).trim(), pkg.version);
const fixtures = new URL('../test/fixtures/', import.meta.url);
const payloadJson = readFileSync(new URL('call.completed.json', fixtures), 'utf8');
const template = readFileSync(new URL('seed-templates/call.completed.js', fixtures), 'utf8');

function runTransformation(code) {
  const context = vm.createContext({});
  context.payload = vm.runInContext('JSON.parse', context)(payloadJson);
  return JSON.parse(JSON.stringify(vm.runInContext(`(function () {\n${code}\n})()`, context)));
}
function withoutNulls(value) {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, inner]) => inner !== null)
      .map(([key, inner]) => [key, withoutNulls(inner)]),
  );
}

const snippet = cli(['transformation', '--event', 'call.completed']);
assert.deepEqual(runTransformation(snippet), withoutNulls(runTransformation(template)));
assert.deepEqual(JSON.parse(cli(['transform', '-'], payloadJson)), runTransformation(snippet));

console.log(
  `smoke: regal-braze CLI ${pkg.version} runs; its call.completed transformation matches the seed template`,
);
