// Smoke test of the built package as users load it (ESM import and CJS require, through the
// exports map), proof that `regal-braze/transforms` loads no ky, and that only
// `regal-braze/testing/msw` loads msw. scripts/smoke-pack.mjs installs the packed tarball.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { setupServer } from 'msw/node';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seed = JSON.parse(
  readFileSync(join(root, 'src/testing/fixtures/call.completed.json'), 'utf8'),
);

const modules = {
  'import regal-braze': await import('regal-braze'),
  'import regal-braze/transforms': await import('regal-braze/transforms'),
  'require regal-braze': require('regal-braze'),
  'require regal-braze/transforms': require('regal-braze/transforms'),
};

const expected = modules['import regal-braze/transforms'].transformRegalEvent(seed);
assert.equal(expected.events[0].name, 'Call Completed');
assert.equal(expected.events[0].time, '2022-07-15T03:17:39.000Z');
for (const [label, mod] of Object.entries(modules)) {
  assert.deepEqual(mod.transformRegalEvent(seed), expected, `${label}: transformRegalEvent`);
  assert.deepEqual(mod.callCompleted(seed), expected, `${label}: callCompleted`);
  assert.throws(() => mod.callCompleted({}), mod.PayloadError, `${label}: PayloadError`);
}
// Error classes keep their names in both builds (class fields once made the CJS ones `_class2`).
const errorNames = [
  'RegalBrazeError',
  'ValidationError',
  'PayloadError',
  'ApiError',
  'AuthenticationError',
  'RateLimitError',
  'ConnectionError',
  'TimeoutError',
  'RequestAbortedError',
];
for (const label of ['import regal-braze', 'require regal-braze']) {
  for (const name of errorNames) {
    const ErrorClass = modules[label][name];
    assert.equal(ErrorClass.name, name, `${label}: ${name}.name`);
    assert.equal(ErrorClass.prototype.name, name, `${label}: ${name}.prototype.name`);
  }
}

// One class per format, shared by both entries: instanceof works across them.
assert.equal(
  modules['import regal-braze'].PayloadError,
  modules['import regal-braze/transforms'].PayloadError,
);
assert.equal(
  modules['require regal-braze'].PayloadError,
  modules['require regal-braze/transforms'].PayloadError,
);

// ESM: a resolve hook fails the import if anything asks for ky.
const hook = `data:text/javascript,export async function resolve(specifier, context, next) {
  if (specifier === 'ky' || specifier.startsWith('ky/')) throw new Error('ky was loaded');
  return next(specifier, context);
}`;
const register = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(hook)});`;
execFileSync(
  process.execPath,
  ['--import', register, '--input-type=module', '-e', "await import('regal-braze/transforms');"],
  { cwd: root, stdio: 'inherit' },
);

// CJS bundles ky: walk the files the transforms entry requires and look for ky in them.
function graph(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const [, specifier] of text.matchAll(
    /(?:require\(|from\s*|import\s*\(?)\s*['"](\.[^'"]+)['"]/g,
  )) {
    graph(join(dirname(file), specifier), seen);
  }
  return seen;
}
for (const entry of ['dist/transforms.js', 'dist/transforms.cjs']) {
  for (const file of graph(join(root, entry))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(
      text,
      /require\(['"]ky['"]\)|from ['"]ky['"]|Request timed out/,
      `${file} (from ${entry}) holds ky`,
    );
  }
}

// regal-braze/testing, ESM and CJS: factories, fixtures (bundled and as files), validators; and
// regal-braze/testing/msw's mocks answering real fetch calls.
const kits = {
  'import regal-braze/testing': {
    ...(await import('regal-braze/testing')),
    ...(await import('regal-braze/testing/msw')),
  },
  'require regal-braze/testing': {
    ...require('regal-braze/testing'),
    ...require('regal-braze/testing/msw'),
  },
};
const fixtureFile = require.resolve('regal-braze/testing/fixtures/call.completed.json');
assert.equal(fixtureFile, join(root, 'dist/fixtures/call.completed.json'));
const server = setupServer();
server.listen({ onUnhandledRequest: 'error' });
for (const [label, kit] of Object.entries(kits)) {
  const event = kit.regalEvent('call.completed', { userId: 'u-1' }, { seed: 1 });
  assert.deepEqual(
    event,
    kits['import regal-braze/testing'].regalEvent('call.completed', { userId: 'u-1' }, { seed: 1 }),
    label,
  );
  assert.deepEqual(kit.regalFixture('call.completed'), seed, `${label}: regalFixture`);
  assert.deepEqual(JSON.parse(readFileSync(fixtureFile, 'utf8')), seed, 'fixture file');
  const body = modules['import regal-braze/transforms'].transformRegalEvent(event);
  kit.assertValidUsersTrack(body);
  const { ValidationError } = modules[label.replace('/testing', '')];
  assert.throws(() => kit.assertValidUsersTrack({}), ValidationError, `${label}: assert`);

  const braze = kit.brazeHandlers({ apiKey: 'key' });
  const regal = kit.regalHandlers({ apiKey: 'key' });
  server.resetHandlers(...braze.handlers, ...regal.handlers);
  braze.queue({ status: 429 });
  const post = (url, authorization, json) =>
    fetch(url, { method: 'POST', headers: { authorization }, body: JSON.stringify(json) });
  const track = 'https://rest.iad-01.braze.com/users/track';
  assert.equal((await post(track, 'Bearer key', body)).status, 429, `${label}: scripted 429`);
  assert.deepEqual(await (await post(track, 'Bearer key', body)).json(), {
    message: 'success',
    events_processed: 1,
  });
  const regalAnswer = await post('https://events.regalvoice.com/events', 'key', { userId: 'u-1' });
  assert.deepEqual([regalAnswer.status, await regalAnswer.json()], [200, { message: 'ok' }]);
  assert.deepEqual(
    braze.calls.map((call) => call.status),
    [429, 201],
    `${label}: calls`,
  );
}
server.close();

// In a project that has msw, regal-braze, regal-braze/transforms and regal-braze/testing never
// load it. ESM: a resolve hook fails on msw.
const noMsw = `data:text/javascript,export async function resolve(specifier, context, next) {
  if (specifier === 'msw' || specifier.startsWith('msw/')) throw new Error('msw was loaded');
  return next(specifier, context);
}`;
const registerNoMsw = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(noMsw)});`;
execFileSync(
  process.execPath,
  [
    '--import',
    registerNoMsw,
    '--input-type=module',
    '-e',
    "await import('regal-braze'); await import('regal-braze/transforms'); const t = await import('regal-braze/testing'); t.regalEvent('sms.sent');",
  ],
  { cwd: root, stdio: 'inherit' },
);
// CJS: nothing from msw in the require cache.
execFileSync(
  process.execPath,
  [
    '-e',
    "require('regal-braze'); require('regal-braze/transforms'); require('regal-braze/testing').regalEvent('sms.sent'); const loaded = Object.keys(require.cache).filter((f) => /[\\/]node_modules[\\/]msw[\\/]/.test(f)); if (loaded.length) throw new Error('msw loaded: ' + loaded);",
  ],
  { cwd: root, stdio: 'inherit' },
);

console.log(
  'smoke: ESM and CJS entries load and transform; regal-braze/transforms loads no ky; ' +
    'regal-braze/testing and /testing/msw work from ESM and CJS; only /testing/msw loads msw',
);

// The CLI as the package's `bin` runs it: the transformation
// it prints for call.completed, run in a bare vm with the seed's payload, returns what Braze's
// own template returns (modulo nulls); `transform` returns the same body.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bin = join(root, pkg.bin['regal-braze']);
const cli = (args, input) =>
  execFileSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8' });
assert.equal(cli(['--version']).trim(), pkg.version);

const seedJson = readFileSync(join(root, 'src/testing/fixtures/call.completed.json'), 'utf8');
const template = readFileSync(join(root, 'test/fixtures/seed-templates/call.completed.js'), 'utf8');
function runTransformation(code) {
  const context = vm.createContext({});
  context.payload = vm.runInContext('JSON.parse', context)(seedJson);
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
assert.deepEqual(JSON.parse(cli(['transform', '-'], seedJson)), runTransformation(snippet));

console.log(
  `smoke: the regal-braze ${pkg.version} CLI's call.completed transformation matches the seed template`,
);
