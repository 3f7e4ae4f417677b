import { describe, expect, it } from 'vitest';
import { contactExperimentAssigned } from '../../src/transforms/index.js';
import { fixture } from '../support/fixtures.js';

describe('contactExperimentAssigned', () => {
  it('maps the seed payload to one "Contact Experiment Assigned" event', () => {
    expect(contactExperimentAssigned(fixture('contact.experiment.assigned'))).toStrictEqual({
      events: [
        {
          external_id: '123',
          _update_existing_only: false,
          name: 'Contact Experiment Assigned',
          time: '2022-07-15T03:18:38.000Z',
          properties: {
            experiment_name: 'Post Call Offer Test',
            experiment_id: 'xxxx-xxxx-xxxx-xxxx',
            experiment_variant: 'Aggressive Offer - 50%',
            journey_uuid: 'xxxx-xxxx-xxxx-xxxx',
            journey_friendly_id: 220,
            journey_name: 'Post Call Follow Up',
          },
        },
      ],
    });
  });

  it('accepts experiment_id as a number (as documented) and refuses it as an object', () => {
    const numeric = fixture('contact.experiment.assigned');
    (numeric.properties as Record<string, unknown>).experiment_id = 17;
    expect(contactExperimentAssigned(numeric).events[0]!.properties!.experiment_id).toBe(17);
    const bad = fixture('contact.experiment.assigned');
    (bad.properties as Record<string, unknown>).experiment_id = { id: 17 };
    expect(() => contactExperimentAssigned(bad)).toThrow(
      'Invalid Regal contact.experiment.assigned event: properties.experiment_id: expected string or number, got object',
    );
  });
});
