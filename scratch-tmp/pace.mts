import { RegalClient } from '../src/index.ts';
import { startLocalServer } from '../test/helpers/local-server.ts';
const server = await startLocalServer();
const starts: number[] = [];
const regal = new RegalClient({ apiKey: 'k', baseUrl: server.url, maxRequestsPerSecond: 200, maxRetries: 0,
  fetch: (request, init) => { starts.push(performance.now()); return fetch(request, init); } });
const t0 = performance.now();
await Promise.all(Array.from({ length: 1000 }, (_, i) => regal.trackEvent({ userId: `u${i}`, name: 'B' })));
const s = [...starts].sort((a,b)=>a-b);
const buckets: Record<number, number> = {};
for (const x of s) { const b = Math.floor((x - t0)/100); buckets[b] = (buckets[b] ?? 0) + 1; }
console.log(buckets);
let max = 0, at = 0;
for (let i = 0, j = 0; j < s.length; j++) { while (s[j]! - s[i]! >= 1000) i++; if (j-i+1 > max) { max = j-i+1; at = i; } }
console.log(max, s[at]! - t0);
await server.close();
