/** Internal: the SDK's version, written here once (a test keeps it equal to package.json's). */
export const SDK_VERSION = '0.2.0';

/** Internal: the `User-Agent` header value, e.g. `regal-braze/0.2.0`. */
export const USER_AGENT = `regal-braze/${SDK_VERSION}`;
