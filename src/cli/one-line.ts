/**
 * Text made safe for one line of a terminal: line breaks, escape sequences and other control
 * characters (which an untrusted payload may carry into an error message) are shown escaped.
 */
export { escapeUnprintable as oneLine } from '../shared/text.js';
