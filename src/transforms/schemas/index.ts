export {
  regalEventSchema,
  regalTraitsSchema,
  type RegalEvent,
  type RegalTraits,
} from './envelope.js';
export {
  callCompletedEventSchema,
  callCompletedPropertiesSchema,
  type CallCompletedEvent,
  type CallCompletedProperties,
} from './call-completed.js';
export {
  attributeChangeSchema,
  attributeChangesSchema,
  contactAttributeEditedEventSchema,
  contactAttributeEditedPropertiesSchema,
  type AttributeChange,
  type ContactAttributeEditedEvent,
  type ContactAttributeEditedProperties,
} from './contact-attribute-edited.js';
export {
  contactExperimentAssignedEventSchema,
  contactExperimentAssignedPropertiesSchema,
  type ContactExperimentAssignedEvent,
  type ContactExperimentAssignedProperties,
} from './contact-experiment-assigned.js';
export {
  contactSubscribedEventSchema,
  contactSubscriptionPropertiesSchema,
  contactUnsubscribedEventSchema,
  subscriptionChannelSchema,
  type ContactSubscribedEvent,
  type ContactSubscriptionProperties,
  type ContactUnsubscribedEvent,
  type SubscriptionChannel,
} from './contact-subscription.js';
export type {
  AgentActivityUpdatedProperties,
  RegalAgentFields,
  RegalCallProperties,
  RegalCampaignFields,
  RegalContactProperties,
  RegalEmailProperties,
  RegalNumeric,
  RegalObjectProperties,
  RegalRecordingProperties,
  RegalScheduledProperties,
  RegalSmsConversationLine,
  RegalSmsConversationProperties,
  RegalSmsProperties,
  RegalTaskProperties,
  RegalTranscriptProperties,
  RegalVoicemailProperties,
} from './event-properties.js';
export type {
  RegalEventMap,
  RegalEventOf,
  RegalEventsWithoutSchema,
  RegalPropertiesByName,
} from './regal-event-map.js';
