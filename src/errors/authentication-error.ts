import { ApiError, type ApiErrorInit } from './api-error.js';

/**
 * The API refused the key: `401` (missing or wrong key) or `403` (the key lacks a permission,
 * e.g. a Braze key without `users.track`). Never retried.
 */
export class AuthenticationError extends ApiError {
  /**
   * Creates the error.
   * @param init - the answer the error describes.
   */
  constructor(init: ApiErrorInit) {
    super({
      ...init,
      message:
        init.message ??
        `${init.service === 'regal' ? 'Regal' : 'Braze'} API refused the API key (${init.status}): check the key${
          init.service === 'braze' ? ' and that it has the users.track permission' : ''
        }`,
    });
  }
}

// On the prototype, not a class field: set before the stack is captured, and kept by every build.
AuthenticationError.prototype.name = 'AuthenticationError';
