// kill -9 of the built `regal-braze serve --data-dir` at random moments, with Braze slow (3 s),
// failing (500) or healthy, then a restart with Braze healthy: no acknowledged event is missing
// at the mock Braze, and the only duplicates are from requests in flight at the kill. Then
// SIGTERM followed by SIGKILL 10 s later during an outage (what `docker stop` does).
// CRASH_TRIALS=N runs N trials per case (default 2); CRASH_CLI=path runs another build (e.g. the
// packed tarball installed in a clean project).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crashCli, crashTrial, type BrazeMode, type TrialResult } from '../support/crash.js';

const TRIALS = Number(process.env.CRASH_TRIALS ?? 2);
const root = mkdtempSync(join(tmpdir(), 'regal-braze-crash-'));
const results: TrialResult[] = [];

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  const byMode = new Map<string, TrialResult[]>();
  for (const result of results)
    byMode.set(result.mode, [...(byMode.get(result.mode) ?? []), result]);
  const lines = [...byMode].map(([mode, trials]) => {
    const sum = (key: 'acknowledged' | 'lost' | 'duplicated' | 'inFlightAtKill') =>
      trials.reduce((total, trial) => total + trial[key], 0);
    return `${mode}: ${trials.length} trial(s), ${sum('acknowledged')} acknowledged, ${sum('lost')} lost, ${sum('duplicated')} duplicated (objects in flight at the kills: ${sum('inFlightAtKill')})`;
  });
  // The figures docs/bridge.md quotes come from this line.
  console.log(`crash trials of ${crashCli()}:\n  ${lines.join('\n  ')}`);
});

describe('serve --data-dir survives kill -9', () => {
  for (const mode of ['slow', 'failing', 'healthy'] as BrazeMode[]) {
    it(
      `Braze ${mode}: ${TRIALS} kill -9 trial(s), 0 acknowledged events lost`,
      async () => {
        for (let trial = 0; trial < TRIALS; trial++) {
          const result = await crashTrial(mode, 1_000 * trial + mode.length, root);
          results.push(result);
          expect(result.acknowledged, 'webhooks acknowledged before the kill').toBeGreaterThan(0);
          expect(result.lost, JSON.stringify(result)).toBe(0);
          expect(result.duplicated, JSON.stringify(result)).toBeLessThanOrEqual(
            result.inFlightAtKill,
          );
          if (mode === 'failing') expect(result.duplicated).toBe(0);
        }
      },
      TRIALS * 60_000,
    );
  }

  it('SIGTERM then SIGKILL after 10 s during an outage, restart with Braze healthy: 0 lost', async () => {
    const result = await crashTrial('sigterm-outage', 7, root);
    results.push(result);
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.lost, JSON.stringify(result)).toBe(0);
    expect(result.duplicated).toBe(0);
  }, 90_000);
});
