/**
 * Internal: reads an environment variable where the runtime has `process.env` (Node, Bun, Deno
 * with Node compatibility), without touching Node APIs elsewhere. Empty values count as unset.
 */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}
