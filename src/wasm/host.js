// What the wasm asks of its JavaScript host; see src/wasm/timer.rs, transport.rs, import.rs, client.rs,
// csv.rs and error.rs.
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

export function deferred() {
  let deferred;
  const promise = new Promise((resolve, reject) => {
    deferred = [resolve, reject];
  });
  deferred.push(promise);
  return deferred;
}

export function settle(deferred, ok, value) {
  deferred[ok ? 0 : 1](value);
}

export function queuePoll(exports, task) {
  const poll = () => exports.dynamic_users_poll(task);
  if (typeof queueMicrotask === 'function') queueMicrotask(poll);
  else Promise.resolve().then(poll);
}

export function watch(promise, exports, task) {
  const outcome = [];
  const done = (ok) => (value) => {
    outcome.push(ok, value);
    exports.dynamic_users_poll(task);
  };
  promise.then(done(true), done(false));
  return outcome;
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
  const why = (error) => (isAborted(signal) ? 2 : timedOut ? 1 : [error]);
  const exchanged = exchange(fetchFn, url, method, authorization, body.slice(), controller.signal).catch(why);
  const cut = new Promise((resolve) => controller.signal.addEventListener('abort', () => resolve(why())));
  return Promise.race([exchanged, cut])
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

// parseUsersCsv's result: its user objects, built from the tape src/csv/tape.rs describes (`text`
// is the CSV text the caller passed, `copied` the cells that are not slices of it, `keys` the
// columns' keys as a JSON array, null where a column has none), their `lines`, and the `issues`
// and `fixes` JSON texts parsed. `words`, `rows` and `lines` are views of wasm memory, valid while
// the module does not run; nothing here calls into it. `shared` cells' strings are made once, at
// the first cell of their id, and then shared by every user.
export function buildUsers(text, copied, words, rows, keysJson, shared, lines, issues, fixes) {
  const keys = JSON.parse(keysJson).map((key) => key ?? undefined);
  const slots = keys.map((key) => SLOTS.indexOf(key) + 1);
  const users = new Array(rows.length);
  const strings = new Array(shared);
  for (let r = 0; r < rows.length; r++) {
    let p = rows[r];
    const user = {};
    let target = user;
    for (let w = words[p++]; (w & 15) !== 8; w = words[p++]) {
      switch (w & 15) {
        case 0: {
          const start = words[p++];
          const column = (w >>> 4) & 0xfff;
          set(target, slots[column], keys[column], text.slice(start, start + (w >>> 16)));
          break;
        }
        case 9: {
          const start = words[p++];
          const id = words[p++];
          const column = (w >>> 4) & 0xfff;
          let value = strings[id];
          if (value === undefined) value = strings[id] = text.slice(start, start + (w >>> 16));
          set(target, slots[column], keys[column], value);
          break;
        }
        case 1:
        case 2: {
          const column = words[p++];
          const start = words[p++];
          set(target, slots[column], keys[column], (w === 1 ? text : copied).slice(start, start + words[p++]));
          break;
        }
        case 3:
          set(target, slots[w >>> 4], keys[w >>> 4], true);
          break;
        case 4:
          set(target, slots[w >>> 4], keys[w >>> 4], false);
          break;
        case 5:
          target = user.metadata = {};
          break;
        case 6:
          target = {};
          user.wallets = [target];
          break;
        case 7:
          target = user;
          break;
      }
    }
    users[r] = user;
  }
  return { users, lines: numbers(lines), issues: JSON.parse(issues), fixes: JSON.parse(fixes) };
}

// Field and wallet keys (columns.rs); SLOTS[i] is case i + 1 of `set`.
const SLOTS = ['email', 'username', 'firstName', 'lastName', 'country', 'jobTitle', 'phoneNumber', 'alias', 'id',
  'tShirtSize', 'team', 'emailVerifiedAt', 'policiesConsent', 'emailNotification', 'discordNotification',
  'newsletterNotification', 'btcWallet', 'kdaWallet', 'ltcWallet', 'ckbWallet', 'kasWallet', 'dogeWallet',
  'mfaBackupCodeAcknowledgement', 'publicWalletAddress', 'chain', 'walletName', 'walletProvider'];

// `object[key] = value`: a store with the key written out is up to 3 times faster (V8 learns the
// shapes at each). `__proto__` (a metadata key) becomes an own property, as in JSON.parse.
function set(object, slot, key, value) {
  switch (slot) {
    case 1: object.email = value; break;
    case 2: object.username = value; break;
    case 3: object.firstName = value; break;
    case 4: object.lastName = value; break;
    case 5: object.country = value; break;
    case 6: object.jobTitle = value; break;
    case 7: object.phoneNumber = value; break;
    case 8: object.alias = value; break;
    case 9: object.id = value; break;
    case 10: object.tShirtSize = value; break;
    case 11: object.team = value; break;
    case 12: object.emailVerifiedAt = value; break;
    case 13: object.policiesConsent = value; break;
    case 14: object.emailNotification = value; break;
    case 15: object.discordNotification = value; break;
    case 16: object.newsletterNotification = value; break;
    case 17: object.btcWallet = value; break;
    case 18: object.kdaWallet = value; break;
    case 19: object.ltcWallet = value; break;
    case 20: object.ckbWallet = value; break;
    case 21: object.kasWallet = value; break;
    case 22: object.dogeWallet = value; break;
    case 23: object.mfaBackupCodeAcknowledgement = value; break;
    case 24: object.publicWalletAddress = value; break;
    case 25: object.chain = value; break;
    case 26: object.walletName = value; break;
    case 27: object.walletProvider = value; break;
    default:
      if (key === '__proto__') {
        Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      } else {
        object[key] = value;
      }
  }
}

// The numbers of `view` (wasm memory) as an array: faster than Array.from.
function numbers(view) {
  const array = new Array(view.length);
  for (let i = 0; i < view.length; i++) array[i] = view[i];
  return array;
}
