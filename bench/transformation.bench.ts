// What the generated Braze Data Transformation costs: its size (all events, one event, gzip),
// and its time per webhook in a sandbox, against transformRegalEvent called directly (baseline).
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { Bench } from 'tinybench';
import { toBrazeTransformation, transformRegalEvent } from '../src/transforms/index.js';
import { fixture } from '../test/support/fixtures.js';

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function size(label: string, code: string): void {
  const bytes = Buffer.byteLength(code);
  console.log(`${label.padEnd(34)} ${kb(bytes).padStart(9)}  (gzip ${kb(gzipSync(code).length)})`);
}

export async function run(): Promise<void> {
  const all = toBrazeTransformation();
  const one = toBrazeTransformation({ events: ['call.completed'] });
  size('snippet, every event', all);
  size('snippet, call.completed only', one);
  console.log();

  const payload = fixture('call.completed');
  const json = JSON.stringify(payload);
  const context = vm.createContext({});
  const parse = vm.runInContext('JSON.parse', context) as (text: string) => unknown;
  const compiled = vm.runInContext(`(function (payload, headers) {\n${all}\n})`, context) as (
    payload: unknown,
    headers: unknown,
  ) => unknown;
  const script = new vm.Script(`(function () {\n${all}\n})()`);

  const bench = new Bench({ time: 1000 });
  bench
    .add('transformRegalEvent (baseline)', () => transformRegalEvent(JSON.parse(json)))
    .add('snippet, compiled once (warm sandbox)', () => compiled(parse(json), {}))
    .add('snippet, fresh context each call', () => {
      const fresh = vm.createContext({});
      fresh.payload = (vm.runInContext('JSON.parse', fresh) as typeof parse)(json);
      return script.runInContext(fresh);
    });
  await bench.run();

  const baseline = bench.tasks[0]!.result as { latency?: { mean: number } };
  for (const task of bench.tasks) {
    const result = task.result as { latency?: { mean: number; rme: number } };
    if (result.latency === undefined) continue;
    const ratio = result.latency.mean / baseline.latency!.mean;
    console.log(
      `${task.name.padEnd(40)} ${result.latency.mean.toFixed(3).padStart(8)} ms ± ${result.latency.rme.toFixed(1)}%  x${ratio.toFixed(1)}`,
    );
  }
}
