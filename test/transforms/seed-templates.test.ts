// The reference behaviour: Braze's own published templates, run as Braze runs them, on the seed's payloads.
import { describe, expect, it } from 'vitest';
import {
  callCompleted,
  contactAttributeEdited,
  contactExperimentAssigned,
  contactUnsubscribed,
  transformRegalEvent,
} from '../../src/transforms/index.js';
import { fixture, seedTemplate } from '../support/fixtures.js';
import { runTransformation, withoutNulls } from '../support/run-in-vm.js';

// The unsubscribe template hard-codes its group id; we configure the same one.
const options = { subscriptionGroups: { voice: 'YOUR SUBSCRIPTION GROUP ID' } };

const cases = [
  ['call.completed', callCompleted],
  ['contact.attribute.edited', contactAttributeEdited],
  ['contact.experiment.assigned', contactExperimentAssigned],
  ['contact.unsubscribed', contactUnsubscribed],
] as const;

describe('the four seed transforms match Braze’s published templates on the seed payloads', () => {
  for (const [name, transform] of cases) {
    it(`${name}: same body as the template, nulls aside`, () => {
      const payload = fixture(name);
      const expected = withoutNulls(runTransformation(seedTemplate(name), payload));
      expect(transform(payload, options)).toEqual(expected);
      expect(transformRegalEvent(payload, options)).toEqual(expected);
    });

    it(`${name}: same body as the template, nulls included, with keepNulls`, () => {
      const payload = fixture(name);
      const expected = runTransformation(seedTemplate(name), payload);
      expect(transform(payload, { ...options, keepNulls: true })).toEqual(expected);
    });
  }

  it('the template comparison is not vacuous: the call.completed template sets 23 properties', () => {
    const body = runTransformation(seedTemplate('call.completed'), fixture('call.completed')) as {
      events: { properties: object }[];
    };
    expect(Object.keys(body.events[0]!.properties)).toHaveLength(23);
  });
});
