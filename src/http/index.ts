// Public part of the HTTP layer: what users of the clients need to type their options.
// The internals (HttpClient, the limiter, retry helpers) are imported by the clients directly
// from their files; see README.md in this folder.
export type { Logger, LogLevel, LogFields } from './logger.js';
export type { RequestOptions, FetchLike } from './request-options.js';
