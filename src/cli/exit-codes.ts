/** The exit codes of `regal-braze`. */
export const EXIT = {
  ok: 0,
  /** An input the transforms refuse (invalid JSON, invalid Regal event). */
  invalidPayload: 1,
  /** Bad usage: unknown command or option, bad option value, unreadable file. */
  usage: 2,
} as const;
