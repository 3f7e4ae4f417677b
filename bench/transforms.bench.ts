// Throughput of the validated library transforms against Braze's hand-written templates for the
// same events (the four of Braze's partner page), compiled natively in the same run, and of
// transformRegalEvent over every fixture against a hand-written dispatcher doing what the
// templates do. The templates validate nothing; the transforms validate and sanitise.
import { readFileSync } from 'node:fs';
import {
  callCompleted,
  contactAttributeEdited,
  contactExperimentAssigned,
  createTransformer,
  transformRegalEvent,
} from '../src/transforms/index.js';
import { REGAL_FIXTURE_NAMES, regalFixture } from '../src/testing/index.js';
import { printInterleaved, type ComparedTask } from './support.js';

const seedTemplates = new URL('../test/fixtures/seed-templates/', import.meta.url);
const SEED_EVENTS = [
  'call.completed',
  'contact.attribute.edited',
  'contact.experiment.assigned',
  'contact.unsubscribed',
] as const;
type SeedEvent = (typeof SEED_EVENTS)[number];

const templates = Object.fromEntries(
  SEED_EVENTS.map((name) => [
    name,
    new Function('payload', readFileSync(new URL(`${name}.js`, seedTemplates), 'utf8')) as (
      payload: unknown,
    ) => unknown,
  ]),
) as Record<SeedEvent, (payload: unknown) => unknown>;
const payloads = Object.fromEntries(
  SEED_EVENTS.map((name) => [name, regalFixture(name)]),
) as Record<SeedEvent, unknown>;
const groups = { voice: 'YOUR SUBSCRIPTION GROUP ID', sms: 'g-sms', email: 'g-email' };
const unsubscribed = createTransformer({ subscriptionGroups: groups });

// What a person would write to route every Regal event by hand: the partner page's templates
// for its four events, and the same kind of template (id, name, time, properties) for the rest.
function handWrittenDispatcher(payload: { name: string } & Record<string, unknown>): unknown {
  switch (payload.name) {
    case 'call.completed':
    case 'contact.attribute.edited':
    case 'contact.experiment.assigned':
    case 'contact.unsubscribed':
      return templates[payload.name](payload);
    case 'agent.activity.updated':
      return undefined;
    default: {
      const time = new Date(Number(payload.originalTimestamp ?? payload.original_timestamp) * 1000);
      return {
        events: [
          {
            external_id: payload.userId ?? payload.external_id,
            name: payload.name,
            time: time.toISOString(),
            properties: payload.properties,
          },
        ],
      };
    }
  }
}

const allFixtures = REGAL_FIXTURE_NAMES.map((name) => regalFixture(name)) as ({
  name: string;
} & Record<string, unknown>)[];
const everyEvent = createTransformer({ subscriptionGroups: groups });
const sink: unknown[] = [];

const tasks: ComparedTask[] = [
  {
    name: 'call.completed template',
    run: () => void (sink[0] = templates['call.completed'](payloads['call.completed'])),
  },
  {
    name: 'callCompleted',
    run: () => void (sink[0] = callCompleted(payloads['call.completed'])),
    baseline: 'call.completed template',
    target: 0.5,
  },
  {
    name: 'contact.experiment.assigned template',
    run: () =>
      void (sink[0] = templates['contact.experiment.assigned'](
        payloads['contact.experiment.assigned'],
      )),
  },
  {
    name: 'contactExperimentAssigned',
    run: () => void (sink[0] = contactExperimentAssigned(payloads['contact.experiment.assigned'])),
    baseline: 'contact.experiment.assigned template',
    target: 0.5,
  },
  {
    name: 'contact.attribute.edited template',
    run: () =>
      void (sink[0] = templates['contact.attribute.edited'](payloads['contact.attribute.edited'])),
  },
  {
    name: 'contactAttributeEdited',
    run: () => void (sink[0] = contactAttributeEdited(payloads['contact.attribute.edited'])),
    baseline: 'contact.attribute.edited template',
    target: 0.15,
  },
  {
    name: 'contact.unsubscribed template',
    run: () => void (sink[0] = templates['contact.unsubscribed'](payloads['contact.unsubscribed'])),
  },
  {
    name: 'contactUnsubscribed (createTransformer)',
    run: () => void (sink[0] = unsubscribed(payloads['contact.unsubscribed'])),
    baseline: 'contact.unsubscribed template',
    target: 0.25,
  },
  {
    name: 'hand-written dispatcher, every fixture',
    run: () => {
      for (const payload of allFixtures) sink[0] = handWrittenDispatcher(payload);
    },
  },
  {
    name: 'transformRegalEvent, every fixture',
    run: () => {
      for (const payload of allFixtures)
        sink[0] = transformRegalEvent(payload, { subscriptionGroups: groups });
    },
    baseline: 'hand-written dispatcher, every fixture',
    target: 0.5,
  },
  {
    name: 'createTransformer, every fixture',
    run: () => {
      for (const payload of allFixtures) sink[0] = everyEvent(payload);
    },
    baseline: 'hand-written dispatcher, every fixture',
  },
];

export async function run(): Promise<void> {
  await printInterleaved(
    "Library transforms vs the partner page's templates, compiled natively",
    tasks,
  );
  if (sink.length === 0) throw new Error('unreachable');
}
