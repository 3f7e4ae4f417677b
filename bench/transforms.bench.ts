// Throughput of the validated transforms against Braze's hand-written template for the same
// event, compiled natively in the same run. Target: the validated path at >= 0.25x the template.
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { callCompleted, transformRegalEvent } from '../src/transforms/index.js';
import { printRatios } from './support.js';

const fixtures = new URL('../test/fixtures/', import.meta.url);
const payload = JSON.parse(
  readFileSync(new URL('call.completed.json', fixtures), 'utf8'),
) as unknown;
const templateSource = readFileSync(new URL('seed-templates/call.completed.js', fixtures), 'utf8');
const template = new Function('payload', templateSource) as (payload: unknown) => unknown;

const BASELINE = 'seed template';
const TARGET = 0.25;

export async function run(): Promise<void> {
  const bench = new Bench({ time: 1500, warmup: true, warmupTime: 300 });
  const sink: unknown[] = [];
  bench
    .add(BASELINE, () => {
      sink[0] = template(payload);
    })
    .add('callCompleted', () => {
      sink[0] = callCompleted(payload);
    })
    .add('transformRegalEvent', () => {
      sink[0] = transformRegalEvent(payload);
    });
  await bench.run();

  console.log(
    'call.completed seed payload; the template does no validation, ours validates and sanitises',
  );
  const ratios = printRatios(bench, BASELINE);
  for (const name of ['callCompleted', 'transformRegalEvent']) {
    const ratio = ratios.get(name)!;
    console.log(
      `${name}: ${ratio.toFixed(2)}x the seed template (target >= ${TARGET}x): ${ratio >= TARGET ? 'met' : 'NOT MET'}`,
    );
  }
}
