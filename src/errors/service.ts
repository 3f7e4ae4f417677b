/** The remote API a request went to. */
export type Service = 'regal' | 'braze';
