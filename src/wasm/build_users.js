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
