// The "Testing your integration" example of the README, as users write it.
import { expect, test } from 'vitest';
import { assertValidUsersTrack, regalEvent } from 'regal-braze/testing';
import { transformRegalEvent } from 'regal-braze/transforms';

test('a completed call becomes a valid Braze event', () => {
  const body = transformRegalEvent(regalEvent('call.completed', { userId: 'u-1' }));
  assertValidUsersTrack(body);
  expect(body.events?.[0]).toMatchObject({ external_id: 'u-1', name: 'Call Completed' });
});
