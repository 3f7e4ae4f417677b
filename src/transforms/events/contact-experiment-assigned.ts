import type { UsersTrackRequest } from '../users-track/users-track.js';
import { eventBody } from '../core/bodies.js';
import type { ResolvedTransformOptions } from '../options.js';
import type { ContactExperimentAssignedProperties } from '../schemas/contact-experiment-assigned.js';
import { checkPayload } from '../validation/check-payload.js';
import {
  CONTACT_EXPERIMENT_ASSIGNED_EVENT,
  CONTACT_EXPERIMENT_ASSIGNED_PROPERTIES,
} from '../validation/validators.generated.js';

// contact.experiment.assigned -> the Braze custom event "Contact Experiment Assigned", so Braze
// segments and Canvases can follow Regal's experiments.
export function mapContactExperimentAssigned(
  payload: unknown,
  options: ResolvedTransformOptions,
): UsersTrackRequest {
  const event = checkPayload(payload, CONTACT_EXPERIMENT_ASSIGNED_EVENT);
  const p: ContactExperimentAssignedProperties = event.properties || {};
  // One line per Braze event property (see mapCallCompleted).
  return eventBody(event, options, CONTACT_EXPERIMENT_ASSIGNED_PROPERTIES, {
    experiment_name: p.experiment_name,
    experiment_id: p.experiment_id,
    experiment_variant: p.experiment_variant,
    journey_uuid: p.journey_uuid,
    journey_friendly_id: p.journey_friendly_id,
    journey_name: p.journey_name,
  });
}
