/**
 * Braze instance names and their REST endpoints, from Braze's "API and SDK endpoints" page
 * (US-01 … US-08, US-10, EU-01, EU-02, AU-01). US-09, ID-01 and JP-01 follow the same pattern
 * from hosts seen in use, not on that page; any other host is reachable by passing its URL.
 */
export const BRAZE_INSTANCES: Readonly<Record<string, string>> = Object.freeze({
  'US-01': 'https://rest.iad-01.braze.com',
  'US-02': 'https://rest.iad-02.braze.com',
  'US-03': 'https://rest.iad-03.braze.com',
  'US-04': 'https://rest.iad-04.braze.com',
  'US-05': 'https://rest.iad-05.braze.com',
  'US-06': 'https://rest.iad-06.braze.com',
  'US-07': 'https://rest.iad-07.braze.com',
  'US-08': 'https://rest.iad-08.braze.com',
  'US-09': 'https://rest.us-09.braze.com',
  'US-10': 'https://rest.us-10.braze.com',
  'EU-01': 'https://rest.fra-01.braze.eu',
  'EU-02': 'https://rest.fra-02.braze.eu',
  'AU-01': 'https://rest.au-01.braze.com',
  'ID-01': 'https://rest.id-01.braze.com',
  'JP-01': 'https://rest.jp-01.braze.com',
});

/** Something shaped like an instance name (`US-01`, `eu-2`…), known or not. */
const INSTANCE_LIKE = /^[a-z]{2}-?\d{1,2}$/i;

/**
 * Internal: the REST endpoint of an instance name (case-insensitive, `US-01` or `us-01`), or
 * `undefined` when `value` does not look like one. Throws nothing: an unknown name that looks
 * like one gives `null`, so the caller can say which names exist.
 */
export function instanceEndpoint(value: string): string | null | undefined {
  const name = value.trim().toUpperCase();
  if (!INSTANCE_LIKE.test(name)) return undefined;
  const normalised = name.replace(
    /^([A-Z]{2})-?(\d{1,2})$/,
    (_, region: string, number: string) => `${region}-${number.padStart(2, '0')}`,
  );
  return BRAZE_INSTANCES[normalised] ?? null;
}
