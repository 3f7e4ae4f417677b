// examples/bridge.ts stays runnable: run it as a user would (offline, against its mock Braze).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('examples/bridge.ts', () => {
  it('acknowledges, refuses and delivers as it says, in one Braze request', async () => {
    const env = { ...process.env, BRIDGE_LIVE: '' };
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'examples/bridge.ts'],
      { cwd: root, env },
    );
    expect(stderr).toBe('');
    expect(stdout).toContain('  call.completed: 202 {"status":"queued"}');
    expect(stdout).toContain('  contact.attribute.edited: 202 {"status":"queued"}');
    expect(stdout).toContain('  sms.sent: 202 {"status":"queued"}');
    expect(stdout).toContain('  sms.sent again: 202 {"status":"duplicate"}');
    expect(stdout).toMatch(
      / {2}no identifier: 400 \{"error":"invalid_event","message":"Invalid Regal sms\.sent event: no usable Braze identifier/,
    );
    expect(stdout).toContain(
      '  wrong secret: 401 {"error":"unauthorized","message":"missing or wrong secret"}',
    );

    const received = stdout
      .split('\n')
      .filter((line) => line.startsWith('  mock Braze <- POST /users/track '));
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0]!.slice('  mock Braze <- POST /users/track '.length)) as {
      attributes: unknown[];
      events: { name: string }[];
    };
    expect(body.attributes).toEqual([
      { external_id: 'user-8841', _update_existing_only: false, plan: 'premium' },
    ]);
    expect(body.events.map((event) => event.name)).toEqual(['Call Completed', 'Regal SMS Sent']);
    expect(stdout).toMatch(/\[bridge\] braze batch 1: 3 event\(s\), 3 object\(s\), 1 request\(s\)/);
    expect(stdout).toContain('"accepted":3,"duplicates":1');
    expect(stdout).toContain('"delivered":3,"failed":0');
  });
});
