import * as z from 'zod/mini';

/** A string or a number: Regal's examples mix both for ids, counts and timestamps. */
export const stringOrNumber = z.union([z.string(), z.number()]);
