// examples/regal-backend.ts stays runnable: run it as a user would (offline, against its mock).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('examples/regal-backend.ts', () => {
  it('sends the three flows to its local mock and shows a ValidationError', async () => {
    const env = { ...process.env, REGAL_LIVE: '', REGAL_API_KEY: '', REGAL_BASE_URL: '' };
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'examples/regal-backend.ts'],
      {
        cwd: root,
        env,
      },
    );
    const received = stdout
      .split('\n')
      .filter((line) => line.includes('mock Regal <- POST /events'));
    expect(received).toHaveLength(3);
    expect(received[0]).toContain('"phone":"+12133734253"');
    expect(received[1]).toContain('"smsOptIn":{"subscribed":false');
    expect(received[2]).toContain('"name":"Application Step 1 Completed"');
    expect(stdout).toContain(
      'Invalid createContact input: traits.phone: is not a valid phone number',
    );
  });
});
