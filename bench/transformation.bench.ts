// What the generated Braze Data Transformation costs: its size (every event, one event, gzip)
// and its time per webhook in a sandbox, against Braze's own template for call.completed run the
// same way (baseline), and transformRegalEvent called directly.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { Bench } from 'tinybench';
import { toBrazeTransformation, transformRegalEvent } from '../src/transforms/index.js';
import { printRatios } from './support.js';

const fixtures = new URL('../src/testing/fixtures/', import.meta.url);
const seedTemplates = new URL('../test/fixtures/seed-templates/', import.meta.url);
const json = readFileSync(new URL('call.completed.json', fixtures), 'utf8');
const templateSource = readFileSync(new URL('call.completed.js', seedTemplates), 'utf8');

const BASELINE = 'seed template in a sandbox';

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function printSize(label: string, code: string): void {
  const size = kb(Buffer.byteLength(code)).padStart(8);
  console.log(`${label.padEnd(30)} ${size}  (gzip ${kb(gzipSync(code).length)})`);
}

/** Data Transformation code compiled once into an empty context, called per payload. */
function sandboxed(code: string): () => unknown {
  const context = vm.createContext({});
  const parse = vm.runInContext('JSON.parse', context) as (text: string) => unknown;
  const run = vm.runInContext(`(function (payload, headers) {\n${code}\n})`, context) as (
    payload: unknown,
    headers: unknown,
  ) => unknown;
  return () => run(parse(json), {});
}

export async function run(): Promise<void> {
  const every = toBrazeTransformation();
  const one = toBrazeTransformation({ events: ['call.completed'] });
  printSize('snippet, every event', every);
  printSize('snippet, call.completed only', one);
  printSize('seed template, call.completed', templateSource);
  console.log();

  const template = sandboxed(templateSource);
  const snippet = sandboxed(one);
  const bench = new Bench({ time: 1500, warmup: true, warmupTime: 300 });
  const sink: unknown[] = [];
  bench
    .add(BASELINE, () => {
      sink[0] = template();
    })
    .add('generated snippet in a sandbox', () => {
      sink[0] = snippet();
    })
    .add('transformRegalEvent, no sandbox', () => {
      sink[0] = transformRegalEvent(JSON.parse(json));
    });
  await bench.run();

  console.log(
    'call.completed seed payload, per webhook: the snippet sets up its bundled zod schemas on every call',
  );
  printRatios(bench, BASELINE);
}
