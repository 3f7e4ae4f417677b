/**
 * `regal-braze`: joins Regal (phone/SMS sales) and Braze (customer engagement) in both directions.
 *
 * - {@link RegalClient} sends contacts, opt-ins and custom events to Regal.
 * - The transforms ({@link transformRegalEvent} and one function per event) turn Regal reporting
 *   webhooks into Braze `/users/track` bodies.
 * - {@link toBrazeWebhook} writes the Braze webhooks (Liquid) that send contacts, opt-ins and
 *   events from Braze to Regal, with the bodies `RegalClient` would send.
 *
 * The pure part is also published alone as `regal-braze/transforms`.
 *
 * @packageDocumentation
 * @module regal-braze
 */
export * from './errors/index.js';
export * from './transforms/index.js';
export * from './http/index.js';
export * from './regal/index.js';
export * from './braze-webhooks/index.js';
export * from './braze/index.js';
export * from './webhook/index.js';
