/** The default Data Transformation (every event, default options), relative to the root. */
export const DEFAULT_TRANSFORMATION = 'docs/data-transformation/regal-to-braze.js';
