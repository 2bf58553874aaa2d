// What the wasm asks of its JavaScript host; see src/wasm/timer.rs, transport.rs, import.rs and
// error.rs (comments here are downloaded).
export function DynamicUsersError(message, options) {
  return Reflect.construct(Error, [message, options], new.target || DynamicUsersError);
}
Object.setPrototypeOf(DynamicUsersError, Error);
DynamicUsersError.prototype = Object.create(Error.prototype, {
  constructor: { value: DynamicUsersError, writable: true, configurable: true },
  name: { value: 'DynamicUsersError', writable: true, configurable: true },
  [Symbol.for('dynamic-users.error')]: { value: true },
});
// Each entry of the package has its own copy of the class (build-pkg.sh copies these lines into
// the validate entry), as has each copy of the package in an app: a brand on the prototype lets
// `instanceof DynamicUsersError` take an error from any of them. Subclasses check as usual.
Object.defineProperty(DynamicUsersError, Symbol.hasInstance, {
  value(value) {
    if (this !== DynamicUsersError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return value != null && value[Symbol.for('dynamic-users.error')] === true;
  },
});
// end of DynamicUsersError

export function newError(message, cause) {
  return new DynamicUsersError(message, cause === undefined ? undefined : { cause });
}

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
      listen(signal, done, 'remove');
      resolve();
    };
    const timer = setTimeout(done, ms);
    listen(signal, done, 'add');
  });
}

export function forwardAbort(signal, controller) {
  const abort = () => controller.abort();
  listen(signal, abort, 'add');
  return () => listen(signal, abort, 'remove');
}

function listen(signal, listener, how) {
  try {
    if (signal) signal[how + 'EventListener']('abort', listener);
  } catch {}
}

export function isSignal(value) {
  try {
    const brand = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get;
    return typeof brand.call(value) === 'boolean' && typeof value.aborted === 'boolean';
  } catch {
    return false;
  }
}

export function isAborted(signal) {
  try {
    return signal !== undefined && signal.aborted !== false;
  } catch {
    return true;
  }
}

export function notify(callback, total, done, sent, created, updated, failed, rejected, notSent, ambiguous, etaSeconds) {
  const progress = { total, done, sent, created, updated, failed, rejected, notSent, ambiguous };
  if (etaSeconds !== undefined) progress.etaSeconds = etaSeconds;
  try {
    const returned = callback.call(undefined, progress);
    if (typeof returned === 'object' && returned !== null) Promise.resolve(returned).catch(() => {});
  } catch {}
}

export function send(fetchFn, url, method, authorization, body, timeoutMs, signal) {
  if (isAborted(signal)) return Promise.resolve(2);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forward = () => controller.abort();
  listen(signal, forward, 'add');
  return exchange(fetchFn, url, method, authorization, body.slice(), controller.signal)
    .catch((error) => (isAborted(signal) ? 2 : timedOut ? 1 : [error]))
    .finally(() => {
      clearTimeout(timer);
      listen(signal, forward, 'remove');
    });
}

async function exchange(fetchFn, url, method, authorization, body, signal) {
  const headers = new Headers();
  headers.set('Authorization', authorization);
  headers.set('Content-Type', 'application/json');
  headers.set('Accept', 'application/json');
  const init = { __proto__: null, method, headers, signal };
  if (method !== 'GET') init.body = body;
  const response = await (fetchFn === undefined ? fetch(url, init) : fetchFn.call(undefined, url, init));
  if (typeof response !== 'object' || response === null) throw new TypeError('fetch answered no Response');
  const status = response.status & 0xffff;
  let retryAfter, length;
  try {
    retryAfter = response.headers.get('retry-after');
    length = +response.headers.get('content-length');
  } catch {}
  if (typeof retryAfter !== 'string') retryAfter = undefined;
  const tooLarge = { status, retryAfter };
  if (length > MAX_ANSWER_BYTES) {
    cancel(response.body);
    return tooLarge;
  }
  const stream = response.body;
  let reader;
  if (typeof stream === 'object' && stream !== null) {
    try {
      reader = stream.getReader();
    } catch {}
  }
  if (reader === undefined) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length > MAX_ANSWER_BYTES ? tooLarge : { status, retryAfter, chunks: [bytes] };
  }
  const chunks = [];
  let size = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return { status, retryAfter, chunks };
    if (!(chunk.value instanceof Uint8Array)) throw 0;
    size += chunk.value.length;
    if (size > MAX_ANSWER_BYTES) {
      cancel(reader);
      return tooLarge;
    }
    chunks.push(chunk.value);
  }
}

const MAX_ANSWER_BYTES = 10485760;

function cancel(stream) {
  try {
    stream.cancel().catch(() => {});
  } catch {}
}

export function parseAnswer(body, bulk) {
  const answer = JSON.parse(body);
  if (bulk) {
    for (const list of ['created', 'updated', 'failed']) {
      try {
        if (answer[list] === undefined) answer[list] = [];
      } catch {}
    }
  }
  return answer;
}

export function decodeUtf8(bytes) {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
