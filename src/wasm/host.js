// What the wasm asks of its JavaScript host; see src/wasm/timer.rs, transport.rs and import.rs
// (comments here are downloaded).
export function nextTask() {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = () => {
        port1.close();
        resolve();
      };
      port2.postMessage(undefined);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (signal) signal.addEventListener('abort', done);
  });
}

export function forwardAbort(signal, controller) {
  const abort = () => controller.abort();
  signal.addEventListener('abort', abort);
  return () => signal.removeEventListener('abort', abort);
}

export function notify(callback, total, sent, created, updated, failed, rejected, notSent, ambiguous, etaSeconds) {
  const progress = { total, sent, created, updated, failed, rejected, notSent, ambiguous };
  if (etaSeconds !== undefined) progress.etaSeconds = etaSeconds;
  try {
    const returned = callback.call(undefined, progress);
    if (typeof returned === 'object' && returned !== null) Promise.resolve(returned).catch(() => {});
  } catch {}
}

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

export function decodeUtf8(bytes) {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
