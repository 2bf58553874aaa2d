// parseUsersCsv's user objects, built from the tape src/csv/tape.rs describes: `text` is the CSV
// text the caller passed, `copied` the cells that are not slices of it. `words` and `rows` are
// views of wasm memory, valid while the module does not run; nothing here calls into it.
export function buildUsers(text, copied, words, rows, keys) {
  const users = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    let p = rows[r];
    const user = {};
    let target = user;
    for (let w = words[p++]; (w & 15) !== 8; w = words[p++]) {
      switch (w & 15) {
        case 0: {
          const start = words[p++];
          put(target, keys[(w >>> 4) & 0xfff], text.slice(start, start + (w >>> 16)));
          break;
        }
        case 1:
        case 2: {
          const key = keys[words[p++]];
          const start = words[p++];
          put(target, key, (w === 1 ? text : copied).slice(start, start + words[p++]));
          break;
        }
        case 3:
          target[keys[w >>> 4]] = true;
          break;
        case 4:
          target[keys[w >>> 4]] = false;
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
  return users;
}

// A metadata column may be named `metadata.__proto__`: like JSON.parse, make it an own property
// rather than the object's prototype.
function put(object, key, value) {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}
