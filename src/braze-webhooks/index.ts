// Braze -> Regal: webhook templates for Braze's composer. Built from RegalClient's own body and
// rules (src/regal/validation), so this module is in the main entry only: it never loads ky or
// a client, but RegalClient's phone rules bring libphonenumber, which regal-braze/transforms
// leaves out.
export { toBrazeWebhook } from './to-braze-webhook.js';
export {
  BRAZE_WEBHOOK_FLOWS,
  REGAL_API_KEY_PLACEHOLDER,
  type BrazeWebhook,
  type BrazeWebhookFlow,
  type BrazeWebhookOptions,
  type BrazeWebhookOptIn,
  type BrazeWebhookValue,
} from './options.js';
export { BRAZE_STANDARD_ATTRIBUTES, type BrazeValueType } from './refs.js';
