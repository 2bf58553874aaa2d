// One attempt at a request: see src/wasm/transport.rs (comments here are downloaded).
export function send(fetchFn, url, method, authorization, body, timeoutMs, signal) {
  if (signal && signal.aborted) return Promise.resolve(2);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forward = () => controller.abort();
  if (signal) signal.addEventListener('abort', forward);
  return exchange(fetchFn, url, method, authorization, body.slice(), controller.signal)
    .catch(() => (signal && signal.aborted ? 2 : timedOut ? 1 : 0))
    .finally(() => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', forward);
    });
}

async function exchange(fetchFn, url, method, authorization, body, signal) {
  const headers = new Headers();
  headers.set('Authorization', authorization);
  headers.set('Content-Type', 'application/json');
  headers.set('Accept', 'application/json');
  const init = { method, headers, body, signal };
  const response = await (fetchFn === undefined ? fetch(url, init) : fetchFn.call(undefined, url, init));
  if (typeof response !== 'object' || response === null) throw 0;
  const status = response.status & 0xffff;
  let retryAfter;
  try {
    retryAfter = response.headers.get('retry-after');
  } catch {}
  if (typeof retryAfter !== 'string') retryAfter = undefined;
  const stream = response.body;
  let reader;
  if (typeof stream === 'object' && stream !== null) {
    try {
      reader = stream.getReader();
    } catch {}
  }
  if (reader === undefined) return { status, retryAfter, chunks: [new Uint8Array(await response.arrayBuffer())] };
  const chunks = [];
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return { status, retryAfter, chunks };
    if (!(chunk.value instanceof Uint8Array)) throw 0;
    chunks.push(chunk.value);
  }
}
