import type { Bench, Task } from 'tinybench';

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
