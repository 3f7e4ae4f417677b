// The README's quick start runs `npm run demo`; this keeps the demo and the one-event example true.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { transformRegalEvent } from '../../src/transforms/index.js';
import { fixture } from '../support/fixtures.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = (file: string) => run(process.execPath, ['--import', 'tsx', file], { cwd: root });

describe('examples', () => {
  it('demo.ts prints the Braze body of each sample event, offline', async () => {
    const { stdout } = await tsx('examples/demo.ts');
    const seedBody = JSON.stringify(transformRegalEvent(fixture('call.completed')), null, 2);
    expect(stdout).toContain(`── call.completed\n${seedBody}\n`);
    expect(stdout).toContain(
      '── agent.activity.updated\n(concerns no contact: nothing to send to Braze)',
    );
    expect(stdout).toContain('"regal_external_id": "someone-else"');
    expect(stdout).toContain(
      'PayloadError: Invalid Regal call.completed event: no usable Braze identifier',
    );
  });

  it('transform-one-event.ts prints the body its comment shows', async () => {
    const { stdout } = await tsx('examples/transform-one-event.ts');
    expect(JSON.parse(stdout)).toStrictEqual({
      events: [
        {
          external_id: '123',
          _update_existing_only: false,
          name: 'Call Completed',
          time: '2022-07-15T03:17:39.000Z',
          properties: { disposition: 'Converted During Convo', talk_time: 7 },
        },
      ],
    });
  });
});
