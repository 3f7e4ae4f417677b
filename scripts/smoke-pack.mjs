// Smoke test of the package as published: installs the packed tarball in a scratch project, as a
// user does, and uses it there.
//
// 1. Without msw: the entries load (ESM and CJS), the testing kit's factories and validators work,
//    a strict TypeScript project (`skipLibCheck: false`) using them compiles, and
//    `regal-braze/testing/msw` says it needs msw.
//    The installed bin's Data Transformation (`npx regal-braze transformation`, for call.completed
//    and for every event) runs in node:vm and in QuickJS with transformRegalEvent's output on
//    every fixture (or its refusal message).
// 2. `npm install <tarball> msw@3`, then 3. `npm install msw@2`: with each, the msw mocks of
//    `regal-braze/testing/msw` answer RegalClient and BrazeClient from ESM and CJS.
//
// Usage: node scripts/smoke-pack.mjs [regal-braze-x.y.z.tgz]   (default: runs `npm pack` first)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'regal-braze-smoke-pack-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = ['--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'];

function run(command, args, cwd, options = {}) {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: '', NODE_OPTIONS: '' },
    ...options,
  });
}

function failureOf(command, args, cwd) {
  try {
    run(command, args, cwd);
  } catch (error) {
    return `${error.stdout}${error.stderr}`;
  }
  throw new Error(`${command} ${args.join(' ')} succeeded`);
}

try {
  let tarball = process.argv[2] === undefined ? undefined : resolve(process.argv[2]);
  if (tarball === undefined) {
    run(npm, ['pack', '--pack-destination', work, '--loglevel=error'], root);
    tarball = join(work, `${pkg.name}-${pkg.version}.tgz`);
  }
  assert.ok(existsSync(tarball), `${tarball} exists`);

  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'smoke', private: true, type: 'module' }, null, 2),
  );
  const installed = join(project, 'node_modules', pkg.name);
  const node = (file) => run(process.execPath, [file], project).trim();

  // --- 1. Without msw (with @types/node, as a TypeScript project on Node has: zod's types need
  // its URL).
  const typesNode = JSON.parse(
    readFileSync(join(root, 'node_modules/@types/node/package.json'), 'utf8'),
  ).version;
  run(npm, ['install', ...quiet, tarball, `@types/node@${typesNode}`], project);
  assert.ok(!existsSync(join(project, 'node_modules/msw')), 'msw is not installed');
  for (const file of ['LICENSE', 'README.md', ...Object.values(pkg.bin)]) {
    assert.ok(existsSync(join(installed, file)), `the package has ${file}`);
  }
  const dist = readdirSync(join(installed, 'dist'));
  for (const entry of ['index', 'transforms', 'testing', 'testing-msw']) {
    for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts', '.js.map', '.cjs.map']) {
      assert.ok(dist.includes(entry + ext), `the package has dist/${entry}${ext}`);
    }
  }
  for (const map of dist.filter((file) => file.endsWith('.map'))) {
    const json = JSON.parse(readFileSync(join(installed, 'dist', map), 'utf8'));
    assert.equal(json.sourcesContent, undefined, `dist/${map} inlines no sources`);
  }
  const cli = join(project, 'node_modules/.bin/regal-braze');
  assert.equal(run(cli, ['--version'], project).trim(), pkg.version, 'the installed bin runs');

  writeFileSync(
    join(project, 'factories.mjs'),
    `import { RegalClient } from 'regal-braze';
import { transformRegalEvent } from 'regal-braze/transforms';
import { assertValidUsersTrack, regalEvent, regalFixture, validateUsersTrack } from 'regal-braze/testing';
const body = transformRegalEvent(regalEvent('call.completed', { userId: 'u-1' }, { seed: 7 }));
assertValidUsersTrack(body);
if (validateUsersTrack({}).length === 0) throw new Error('an empty body passed');
if (typeof RegalClient !== 'function') throw new Error('no RegalClient');
console.log(body.events[0].name, regalFixture('call.completed').name);
`,
  );
  writeFileSync(
    join(project, 'factories.cjs'),
    `const { transformRegalEvent } = require('regal-braze/transforms');
const { assertValidUsersTrack, regalEvent, regalFixture } = require('regal-braze/testing');
require('regal-braze');
const body = transformRegalEvent(regalEvent('call.completed', { userId: 'u-1' }, { seed: 7 }));
assertValidUsersTrack(body);
console.log(body.events[0].name, regalFixture('call.completed').name);
`,
  );
  assert.equal(node('factories.mjs'), 'Call Completed call.completed', 'ESM without msw');
  assert.equal(node('factories.cjs'), 'Call Completed call.completed', 'CJS without msw');
  writeFileSync(join(project, 'msw-entry.mjs'), "import 'regal-braze/testing/msw';\n");
  assert.match(
    failureOf(process.execPath, ['msw-entry.mjs'], project),
    /Cannot find package 'msw'/,
    'regal-braze/testing/msw without msw',
  );

  // The Data Transformation as an admin gets it, from the installed bin: for call.completed, and
  // for every event. Run in node:vm and in QuickJS on every fixture, each gives what the installed
  // transformRegalEvent gives (or refuses with its message).
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const oneEvent = run(
    npx,
    ['--no-install', 'regal-braze', 'transformation', '--event', 'call.completed'],
    project,
  );
  const everyEvent = run(npx, ['--no-install', 'regal-braze', 'transformation'], project);
  writeFileSync(join(project, 'call-completed.js'), oneEvent);
  writeFileSync(join(project, 'every-event.js'), everyEvent);
  writeFileSync(
    join(project, 'transformation.mjs'),
    `import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { transformRegalEvent } from 'regal-braze/transforms';
import { REGAL_FIXTURE_NAMES, regalFixture } from 'regal-braze/testing';
const { getQuickJS } = await import(process.env.QUICKJS_URL);
const quickjs = await getQuickJS();
const outcome = (run) => { try { return JSON.stringify({ body: run() }); } catch (error) { return JSON.stringify({ error: String(error.message) }); } };
const wrap = (code) => \`(function (json) { try { const body = (function (payload, headers) {\\n\${code}\\n})(JSON.parse(json), {}); return JSON.stringify({ body: body === undefined ? null : body }); } catch (error) { return JSON.stringify({ error: String(error.message) }); } })\`;
let checked = 0;
for (const [file, only] of [['call-completed.js', 'call.completed'], ['every-event.js', undefined]]) {
  const code = readFileSync(file, 'utf8');
  const inVm = vm.runInContext(wrap(code), vm.createContext({}));
  const context = quickjs.newContext();
  const inQuickJs = context.unwrapResult(context.evalCode(wrap(code)));
  for (const name of REGAL_FIXTURE_NAMES) {
    const json = JSON.stringify(regalFixture(name));
    const payload = JSON.parse(json);
    const expected = only === undefined || payload.name === only
      ? outcome(() => JSON.parse(JSON.stringify(transformRegalEvent(payload) ?? null)))
      : undefined;
    const v8 = inVm(json);
    const argument = context.newString(json);
    const result = context.unwrapResult(context.callFunction(inQuickJs, context.undefined, argument));
    const quick = context.getString(result);
    argument.dispose();
    result.dispose();
    if (quick !== v8) throw new Error(\`\${file} \${name}: QuickJS \${quick} but node:vm \${v8}\`);
    const got = JSON.parse(v8);
    if (expected !== undefined && v8 !== expected) {
      throw new Error(\`\${file} \${name}: \${v8} but transformRegalEvent \${expected}\`);
    }
    if (expected === undefined && !/maps only call\\.completed/.test(got.error ?? '')) {
      throw new Error(\`\${file} \${name}: not refused (\${v8})\`);
    }
    checked++;
  }
  inQuickJs.dispose();
  context.dispose();
}
console.log(checked);
`,
  );
  const quickjsUrl = pathToFileURL(
    join(root, 'node_modules/quickjs-emscripten/dist/index.mjs'),
  ).href;
  const checked = run(process.execPath, ['transformation.mjs'], project, {
    env: { ...process.env, NODE_PATH: '', NODE_OPTIONS: '', QUICKJS_URL: quickjsUrl },
  }).trim();
  const fixtureCount = JSON.parse(
    run(
      process.execPath,
      [
        '-e',
        "import('regal-braze/testing').then((m) => console.log(m.REGAL_FIXTURE_NAMES.length))",
      ],
      project,
    ),
  );
  assert.equal(Number(checked), 2 * fixtureCount, 'every fixture, through both transformations');
  const transformationSizes = `call.completed ${Buffer.byteLength(oneEvent)} bytes, every event ${Buffer.byteLength(everyEvent)} bytes`;

  // A strict TypeScript project without msw compiles against the factories' types.
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023'],
        types: ['node'],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: ['factories.ts', 'factories-cjs.cts'],
    }),
  );
  const typed = `import { assertValidUsersTrack, regalEvent, type RegalEventMap } from 'regal-braze/testing';
import { transformRegalEvent, type UsersTrackRequest } from 'regal-braze/transforms';
const event: RegalEventMap['call.completed'] = regalEvent('call.completed', { userId: 'u-1' });
const body: UsersTrackRequest | undefined = transformRegalEvent(event);
assertValidUsersTrack(body);
export const name: string | undefined = body.events?.[0]?.name;
`;
  writeFileSync(join(project, 'factories.ts'), typed);
  writeFileSync(join(project, 'factories-cjs.cts'), typed);
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);

  // --- 2. and 3. With msw 3, then msw 2: the mocks answer both clients, from ESM and CJS.
  const kit = (load) => `${load}
const braze = brazeHandlers({ apiKey: 'braze-key-0123456789' });
const regal = regalHandlers({ apiKey: 'regal-key-0123456789' });
const server = setupServer(...braze.handlers, ...regal.handlers);
server.listen({ onUnhandledRequest: 'error' });
const main = async () => {
  braze.queue({ status: 429, retryAfter: 0 });
  const brazeClient = new BrazeClient({ apiKey: 'braze-key-0123456789', restEndpoint: 'US-03' });
  const body = transformRegalEvent(regalEvent('call.completed', { userId: 'u-1' }, { seed: 3 }));
  const result = await brazeClient.track(body);
  if (!result.ok) throw new Error('Braze mock refused: ' + JSON.stringify(result.errors));
  const regalClient = new RegalClient({ apiKey: 'regal-key-0123456789' });
  await regalClient.trackEvent({ userId: 'u-1', name: 'Smoke Tested', originalTimestamp: new Date(0) });
  console.log(JSON.stringify({
    braze: braze.calls.map((call) => call.status),
    regal: regal.calls.map((call) => [call.status, call.body.name]),
  }));
  server.close();
};
main().catch((error) => { console.error(error); process.exit(1); });
`;
  writeFileSync(
    join(project, 'kit.mjs'),
    kit(`import { setupServer } from 'msw/node';
import { BrazeClient, RegalClient } from 'regal-braze';
import { transformRegalEvent } from 'regal-braze/transforms';
import { regalEvent } from 'regal-braze/testing';
import { brazeHandlers, regalHandlers } from 'regal-braze/testing/msw';`),
  );
  writeFileSync(
    join(project, 'kit.cjs'),
    kit(`const { setupServer } = require('msw/node');
const { BrazeClient, RegalClient } = require('regal-braze');
const { transformRegalEvent } = require('regal-braze/transforms');
const { regalEvent } = require('regal-braze/testing');
const { brazeHandlers, regalHandlers } = require('regal-braze/testing/msw');`),
  );
  const expected = JSON.stringify({ braze: [429, 201], regal: [[200, 'Smoke Tested']] });
  const results = [];
  for (const install of [[tarball, 'msw@3'], ['msw@2']]) {
    run(npm, ['install', ...quiet, ...install], project);
    const msw = JSON.parse(readFileSync(join(project, 'node_modules/msw/package.json'), 'utf8'));
    assert.equal(msw.version.split('.')[0], install.at(-1).slice('msw@'.length), 'msw major');
    assert.equal(node('kit.mjs'), expected, `ESM with msw ${msw.version}`);
    assert.equal(node('kit.cjs'), expected, `CJS with msw ${msw.version}`);
    results.push(msw.version);
  }
  const size = readFileSync(tarball).length;
  console.log(
    `smoke-pack: ${pkg.name}-${pkg.version}.tgz (${Math.round(size / 1024)} KB) installs and works ` +
      `without msw (ESM, CJS, strict TypeScript), with msw ${results.join(' and msw ')} (ESM, CJS); ` +
      `its Data Transformation (${transformationSizes}) gives transformRegalEvent's output on ` +
      `every fixture in node:vm and QuickJS`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
