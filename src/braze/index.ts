export { BrazeClient } from './braze-client.js';
export type { BrazeClientOptions } from './options.js';
export { BRAZE_INSTANCES } from './endpoints.js';
export type {
  TrackArray,
  TrackAccepted,
  TrackRejected,
  TrackFailed,
  TrackOutcome,
  TrackBodyResult,
  TrackObjectError,
  TrackResult,
} from './track-result.js';
