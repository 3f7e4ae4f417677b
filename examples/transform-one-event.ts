// Run with: npx tsx examples/transform-one-event.ts
import { transformRegalEvent } from 'regal-braze/transforms';

// What Regal posts to your webhook for a finished call (abridged).
const payload = {
  userId: '123',
  traits: { phone: '+17625555555', email: 'jane@example.com' },
  name: 'call.completed',
  properties: { disposition: 'Converted During Convo', talk_time: 7, notes: null },
  originalTimestamp: '1657855059',
  eventSource: 'Regal Voice',
};

const body = transformRegalEvent(payload);
console.log(JSON.stringify(body, null, 2));
// {
//   "events": [
//     {
//       "external_id": "123",
//       "_update_existing_only": false,
//       "name": "Call Completed",
//       "time": "2022-07-15T03:17:39.000Z",
//       "properties": { "disposition": "Converted During Convo", "talk_time": 7 }
//     }
//   ]
// }
