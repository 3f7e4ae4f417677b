/** What reading a request body gave. */
export type BodyRead =
  { kind: 'ok'; bytes: Uint8Array } | { kind: 'too-large' } | { kind: 'unreadable' };

/**
 * Internal: reads a request body, at most `limit` bytes. The limit is enforced while reading,
 * chunk by chunk (a client can lie in `Content-Length` or send none): the stream is cancelled
 * as soon as it goes over. A `Content-Length` above the limit is refused before reading.
 */
export async function readBody(request: Request, limit: number): Promise<BodyRead> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
    await request.body?.cancel().catch(() => undefined);
    return { kind: 'too-large' };
  }
  const stream = request.body;
  if (stream === null) return { kind: 'ok', bytes: new Uint8Array(0) };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    return { kind: 'unreadable' };
  }
  return { kind: 'ok', bytes: joinChunks(chunks, size) };
}

/** Internal: the chunks of a body as one byte array (`size`: their total length). */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
