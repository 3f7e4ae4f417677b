export { RegalClient } from './regal-client.js';
export type { RegalClientOptions } from './options.js';
export type {
  CreateContactInput,
  UpdateOptInInput,
  TrackEventInput,
  TrackEventFields,
  RegalResult,
} from './inputs.js';
export type {
  Traits,
  ContactTraits,
  OptInTraits,
  OptIn,
  OptInChannel,
  ChannelOptIn,
  PhoneEntry,
  EmailEntry,
  Address,
  Timestamp,
} from './traits.js';
