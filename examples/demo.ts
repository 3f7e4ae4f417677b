// The offline demo (`npm run demo`): Regal's sample reporting events in, Braze /users/track
// bodies out. No network, no accounts.
import { readFileSync } from 'node:fs';
import { PayloadError, transformRegalEvent, type TransformOptions } from '../src/index.js';

const samples = [
  'call.completed',
  'contact.attribute.edited',
  'contact.experiment.assigned',
  'contact.unsubscribed',
  'sms.sent',
  'voicemail.completed',
  'agent.activity.updated',
];

const options: TransformOptions = {
  // Your Braze subscription group ids, from Braze's Subscription Groups page.
  subscriptionGroups: { voice: 'b1f2c3d4-voice', sms: 'b1f2c3d4-sms' },
};

function sample(name: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`../src/testing/fixtures/${name}.json`, import.meta.url), 'utf8'),
  );
}

console.log('regal-braze demo: Regal reporting events -> Braze POST /users/track bodies\n');
for (const name of samples) {
  const body = transformRegalEvent(sample(name), options);
  console.log(`── ${name}`);
  console.log(
    body === undefined
      ? '(concerns no contact: nothing to send to Braze)'
      : JSON.stringify(body, null, 2),
  );
  console.log();
}

console.log(
  '── an attribute named by an agent "external_id": it cannot change which user is updated',
);
const hostile = sample('contact.attribute.edited') as { properties: { changes: unknown } };
hostile.properties.changes = {
  custom_properties: { external_id: { old_value: null, new_value: 'someone-else' } },
};
console.log(JSON.stringify(transformRegalEvent(hostile, options), null, 2));
console.log();

console.log('── an invalid event is refused with every problem and its path');
try {
  transformRegalEvent({
    name: 'call.completed',
    traits: { phone: '555-0100' },
    originalTimestamp: 'yesterday',
  });
} catch (error) {
  if (!(error instanceof PayloadError)) throw error;
  console.log(`${error.name}: ${error.message}`);
}
