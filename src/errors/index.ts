export { RegalBrazeError, ValidationError, PayloadError } from './errors.js';
export {
  ApiError,
  AuthenticationError,
  RateLimitError,
  ConnectionError,
  TimeoutError,
  RequestAbortedError,
  type AbortPhase,
  type ApiErrorInit,
  type RateLimitErrorInit,
  type Service,
} from './api-errors.js';
export type { Issue } from '../common/text.js';
