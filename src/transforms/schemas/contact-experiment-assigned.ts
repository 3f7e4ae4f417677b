import * as z from 'zod/mini';
import { regalEventOf } from './envelope.js';
import { stringOrNumber } from './shared.js';

/** `properties` of a Regal `contact.experiment.assigned` event. Unknown fields are kept. */
export const contactExperimentAssignedPropertiesSchema = z.looseObject({
  experiment_name: z.nullish(z.string()),
  /** Documented as an integer, a UUID-like string in examples. */
  experiment_id: z.nullish(stringOrNumber),
  experiment_variant: z.nullish(z.string()),
  journey_uuid: z.nullish(z.string()),
  journey_friendly_id: z.nullish(stringOrNumber),
  journey_name: z.nullish(z.string()),
});

/** `properties` of a Regal `contact.experiment.assigned` event. */
export type ContactExperimentAssignedProperties = z.infer<
  typeof contactExperimentAssignedPropertiesSchema
>;

/** A Regal `contact.experiment.assigned` reporting event. */
export const contactExperimentAssignedEventSchema = regalEventOf(
  'contact.experiment.assigned',
  z.nullish(contactExperimentAssignedPropertiesSchema),
);

/** A Regal `contact.experiment.assigned` reporting event. */
export type ContactExperimentAssignedEvent = z.infer<typeof contactExperimentAssignedEventSchema>;
