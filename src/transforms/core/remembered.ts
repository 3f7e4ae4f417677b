// Remembered answers, for the names events bring again and again.

// Names are untrusted: a table keeps at most this many.
const MAX_REMEMBERED = 1000;

/** `work(key)`, taken from `table` when it was worked out before. */
export function remembered(
  table: Map<string, string>,
  key: string,
  work: (key: string) => string,
): string {
  let answer = table.get(key);
  if (answer === undefined) {
    answer = work(key);
    if (table.size < MAX_REMEMBERED) table.set(key, answer);
  }
  return answer;
}
