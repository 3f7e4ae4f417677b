// Entry point of the transform core bundled into every Braze Data Transformation
// (scripts/build-transformation-runtime.ts). The snippet reaches it as `regalBraze`.
export { transformRegalEvent } from '../transform-regal-event.js';
