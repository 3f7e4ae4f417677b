// What the generated Braze Data Transformation costs, against Braze's own template for
// call.completed run the same way: its size; a fresh evaluation (a new node:vm context, the
// code compiled and run once, as a sandbox that keeps nothing between webhooks does); a call in
// node:vm with the code compiled once; a call in QuickJS, a small interpreter such as a
// sandbox may use.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { getQuickJS } from 'quickjs-emscripten';
import { toBrazeTransformation } from '../src/transforms/index.js';
import { printInterleaved, type ComparedTask } from './support.js';

const fixtures = new URL('../src/testing/fixtures/', import.meta.url);
const seedTemplates = new URL('../test/fixtures/seed-templates/', import.meta.url);
const json = readFileSync(new URL('call.completed.json', fixtures), 'utf8');
const templateSource = readFileSync(new URL('call.completed.js', seedTemplates), 'utf8');

const ONE_EVENT_TARGET = 8 * 1024;
const ALL_EVENTS_TARGET = 24 * 1024;

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function printSize(label: string, code: string, target?: number): void {
  const bytes = Buffer.byteLength(code);
  const verdict =
    target === undefined ? '' : `  target <= ${kb(target)}: ${bytes <= target ? 'met' : 'NOT MET'}`;
  console.log(
    `${label.padEnd(38)} ${kb(bytes).padStart(8)}  (gzip ${kb(gzipSync(code).length)})${verdict}`,
  );
}

const wrap = (code: string) => `(function (payload, headers) {\n${code}\n})`;

/** Data Transformation code compiled once into an empty context, called per payload. */
function compiledOnce(code: string): () => unknown {
  const context = vm.createContext({});
  const parse = vm.runInContext('JSON.parse', context) as (text: string) => unknown;
  const run = vm.runInContext(wrap(code), context) as (
    payload: unknown,
    headers: unknown,
  ) => unknown;
  return () => run(parse(json), {});
}

/** A new context, the code compiled and run once: nothing kept from one webhook to the next. */
function freshEvaluation(code: string): () => unknown {
  const script = `(${wrap(code)})(JSON.parse(${JSON.stringify(json)}), {})`;
  return () => vm.runInContext(script, vm.createContext({}));
}

export async function run(): Promise<void> {
  const every = toBrazeTransformation();
  const one = toBrazeTransformation({ events: ['call.completed'] });
  printSize('snippet, every event', every, ALL_EVENTS_TARGET);
  printSize('snippet, call.completed', one, ONE_EVENT_TARGET);
  for (const name of [
    'contact.attribute.edited',
    'contact.experiment.assigned',
    'contact.unsubscribed',
  ]) {
    printSize(`snippet, ${name}`, toBrazeTransformation({ events: [name] }), ONE_EVENT_TARGET);
  }
  printSize('seed template, call.completed', templateSource);
  console.log();

  const quickjs = await getQuickJS();
  const quickRunner = (code: string) => {
    const context = quickjs.newContext();
    const fn = context.unwrapResult(
      context.evalCode(
        `(function (json) { return JSON.stringify((${wrap(code)})(JSON.parse(json), {})); })`,
      ),
    );
    return () => {
      const argument = context.newString(json);
      const result = context.unwrapResult(context.callFunction(fn, context.undefined, argument));
      argument.dispose();
      result.dispose();
    };
  };
  const sink: unknown[] = [];
  const template = compiledOnce(templateSource);
  const snippet = compiledOnce(one);
  const templateFresh = freshEvaluation(templateSource);
  const snippetFresh = freshEvaluation(one);
  const templateQuick = quickRunner(templateSource);
  const snippetQuick = quickRunner(one);
  const tasks: ComparedTask[] = [
    { name: 'template, fresh evaluation', run: () => void (sink[0] = templateFresh()) },
    {
      name: 'snippet, fresh evaluation',
      run: () => void (sink[0] = snippetFresh()),
      baseline: 'template, fresh evaluation',
      maxSlowdown: 5,
    },
    { name: 'template, node:vm call', run: () => void (sink[0] = template()) },
    {
      name: 'snippet, node:vm call',
      run: () => void (sink[0] = snippet()),
      baseline: 'template, node:vm call',
    },
    { name: 'template, QuickJS call', run: templateQuick },
    {
      name: 'snippet, QuickJS call',
      run: snippetQuick,
      baseline: 'template, QuickJS call',
      maxSlowdown: 5,
    },
  ];
  await printInterleaved(
    'call.completed seed payload; the snippet maps call.completed only, with validation',
    tasks,
    { rounds: 7, time: 200 },
  );
  if (sink.length === 0) throw new Error('unreachable');
}
