export {
  RegalBrazeError,
  ValidationError,
  PayloadError,
  ApiError,
  AuthenticationError,
  RateLimitError,
  ConnectionError,
  TimeoutError,
  RequestAbortedError,
  type ApiErrorInit,
  type RateLimitErrorInit,
  type Service,
} from './errors.js';
export type { Issue } from '../shared/text.js';
