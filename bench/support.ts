import { Bench, type Task } from 'tinybench';

/** Mean operations per second of a finished tinybench task. */
export function opsPerSecond(task: Task): number {
  const result = task.result;
  if (result.state !== 'completed' && result.state !== 'aborted-with-statistics') {
    throw new Error(`bench task "${task.name}" did not complete (${result.state})`);
  }
  return result.throughput.mean;
}

/** Prints a bench's tasks with their ops/s and their ratio to the baseline task. */
export function printRatios(bench: Bench, baseline: string): Map<string, number> {
  const base = bench.tasks.find((task) => task.name === baseline);
  if (base === undefined) throw new Error(`no baseline task "${baseline}"`);
  const baseHz = opsPerSecond(base);
  const ratios = new Map<string, number>();
  console.table(
    bench.tasks.map((task) => {
      const ratio = opsPerSecond(task) / baseHz;
      ratios.set(task.name, ratio);
      return {
        task: task.name,
        'ops/s': Math.round(opsPerSecond(task)).toLocaleString('en-US'),
        [`vs ${baseline}`]: `${ratio.toFixed(2)}x`,
      };
    }),
  );
  return ratios;
}

/** One measured function, and the task whose speed it is compared to (its baseline). */
export interface ComparedTask {
  readonly name: string;
  readonly run: () => void;
  /** Name of the baseline task; absent for a baseline itself. */
  readonly baseline?: string;
  /** The ratio (this / baseline, in operations per second) the target asks for at least. */
  readonly target?: number;
  /** The ratio (this / baseline, in time per operation) the target allows at most. */
  readonly maxSlowdown?: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Runs the tasks in short tinybench rounds, their order rotating from round to round, and prints
 * each task's median ops/s and the median over the rounds of its ratio to its baseline: load from
 * other processes then moves both sides of a ratio alike.
 */
export async function printInterleaved(
  title: string,
  tasks: readonly ComparedTask[],
  { rounds = 9, time = 250 }: { rounds?: number; time?: number } = {},
): Promise<void> {
  const rates = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time, warmup: true, warmupTime: 50 });
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[(round + i) % tasks.length] as ComparedTask;
      bench.add(task.name, task.run);
    }
    await bench.run();
    for (const task of bench.tasks) rates.get(task.name)?.push(opsPerSecond(task));
  }
  const ratioOf = (task: ComparedTask) => {
    const own = rates.get(task.name) as number[];
    const base = rates.get(task.baseline as string) as number[];
    return median(own.map((rate, round) => rate / (base[round] as number)));
  };
  console.log(`${title} (${rounds} interleaved rounds, medians)`);
  console.table(
    tasks.map((task) => ({
      task: task.name,
      'ops/s': Math.round(median(rates.get(task.name) as number[])).toLocaleString('en-US'),
      'µs/op': (1e6 / median(rates.get(task.name) as number[])).toFixed(2),
      'vs baseline': task.baseline === undefined ? '' : `${ratioOf(task).toFixed(2)}x`,
    })),
  );
  for (const task of tasks) {
    if (task.baseline === undefined) continue;
    const ratio = ratioOf(task);
    if (task.target !== undefined) {
      const verdict = ratio >= task.target ? 'met' : 'NOT MET';
      console.log(
        `${task.name}: ${ratio.toFixed(2)}x ${task.baseline} (target >= ${task.target}x): ${verdict}`,
      );
    }
    if (task.maxSlowdown !== undefined) {
      const slowdown = 1 / ratio;
      const verdict = slowdown <= task.maxSlowdown ? 'met' : 'NOT MET';
      console.log(
        `${task.name}: ${slowdown.toFixed(2)}x the time of ${task.baseline} (target <= ${task.maxSlowdown}x): ${verdict}`,
      );
    }
  }
}
