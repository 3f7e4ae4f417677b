// Throughput of the validated transforms against Braze's hand-written template for the same
// event, compiled natively in the same run. Target: the validated path at >= 0.25x the template.
//
// The tasks run in short tinybench rounds, their order rotating from round to round, and each
// ratio is the median over the rounds: load from other processes then moves both sides alike.
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { callCompleted, transformRegalEvent } from '../src/transforms/index.js';
import { opsPerSecond } from './support.js';

const fixtures = new URL('../src/testing/fixtures/', import.meta.url);
const seedTemplates = new URL('../test/fixtures/seed-templates/', import.meta.url);
const payload = JSON.parse(
  readFileSync(new URL('call.completed.json', fixtures), 'utf8'),
) as unknown;
const templateSource = readFileSync(new URL('call.completed.js', seedTemplates), 'utf8');
const template = new Function('payload', templateSource) as (payload: unknown) => unknown;

const BASELINE = 'seed template';
const TARGET = 0.25;
const ROUNDS = 9;
const sink: unknown[] = [];
const tasks: [string, () => void][] = [
  [BASELINE, () => void (sink[0] = template(payload))],
  ['callCompleted', () => void (sink[0] = callCompleted(payload))],
  ['transformRegalEvent', () => void (sink[0] = transformRegalEvent(payload))],
];

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(): Promise<void> {
  const rates = new Map<string, number[]>(tasks.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: 250, warmup: true, warmupTime: 50 });
    for (let i = 0; i < tasks.length; i++) bench.add(...tasks[(round + i) % tasks.length]!);
    await bench.run();
    for (const task of bench.tasks) rates.get(task.name)!.push(opsPerSecond(task));
  }
  if (sink.length === 0) throw new Error('unreachable');

  const baseline = rates.get(BASELINE)!;
  const ratioOf = (name: string) =>
    median(rates.get(name)!.map((rate, round) => rate / baseline[round]!));
  console.log(
    `call.completed seed payload, ${ROUNDS} rounds; the template does no validation, ours validates and sanitises`,
  );
  console.table(
    tasks.map(([name]) => ({
      task: name,
      'ops/s (median)': Math.round(median(rates.get(name)!)).toLocaleString('en-US'),
      'vs template (median ratio)': `${ratioOf(name).toFixed(2)}x`,
    })),
  );
  for (const [name] of tasks.slice(1)) {
    const ratio = ratioOf(name);
    console.log(
      `${name}: ${ratio.toFixed(2)}x the seed template (target >= ${TARGET}x): ${ratio >= TARGET ? 'met' : 'NOT MET'}`,
    );
  }
}
