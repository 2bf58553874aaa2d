// Typed validation: `parse…` functions that return the value typed or throw, type guards, and
// Standard Schema v1 objects (https://standardschema.dev) that form libraries take as they take a
// zod schema. Plain JavaScript over the validators, so the wasm does not grow: build-pkg.sh appends
// this file to each entry's glue, where validateNewUser, validateUserUpdate, validateBulkUsers and
// DynamicUsersError are in scope (for CommonJS it turns `export` into `exports.name = name`).

// A validator's verdict: `value` when there is no error, as JSON sends it (what the report judged,
// so the typed result never holds a Date or an undefined member its type does not allow), else the
// errors and the report's issues. Warnings do not fail a value (SPEC section 2, severity).
function verdict(validate, value) {
  const report = validate(value);
  if (report.valid) return { value: JSON.parse(JSON.stringify(value)) };
  return { errors: report.issues.filter((i) => i.severity === 'error'), issues: report.issues };
}

// `path` as keys: "wallets[0].chain" -> ["wallets", 0, "chain"], "[12].email" -> [12, "email"],
// "" -> []. Split at "." and "[n]", so a key that holds either (a field no user has) splits too:
// react-hook-form reads keys joined with "." in any case.
const pathKeys = (path) => (path.match(/\[\d+\]|[^.[]+/g) || []).map((k) => (k[0] === '[' ? +k.slice(1, -1) : k));

// parse…: `value` typed, or a DynamicUsersError of kind `validation` carrying every issue.
function parser(validate, what) {
  return (value) => {
    const result = verdict(validate, value);
    if (result.errors === undefined) return result.value;
    const [first] = result.errors;
    const at = first.path ? ` at ${first.path}` : '';
    const count = result.errors.length;
    const error = new DynamicUsersError(`${what} has ${count > 1 ? `${count} problems, the first` : 'a problem'}${at}: ${first.message}`);
    throw Object.assign(error, { kind: 'validation', attempts: 0, issues: result.issues });
  };
}

// A Standard Schema v1: `{ value }` (the typed copy) or `{ issues }` with paths as arrays of keys.
function standard(validate) {
  const validateValue = (value) => {
    const result = verdict(validate, value);
    if (result.errors === undefined) return { value: result.value };
    return { issues: result.errors.map((i) => ({ message: i.message, path: pathKeys(i.path) })) };
  };
  return { '~standard': { version: 1, vendor: 'dynamic-users', validate: validateValue } };
}

export const parseNewUser = parser(validateNewUser, 'The user');
export const parseUserUpdate = parser(validateUserUpdate, 'The update');
export const parseBulkUsers = parser(validateBulkUsers, 'The bulk body');
export const isNewUser = (value) => validateNewUser(value).valid;
export const isUserUpdate = (value) => validateUserUpdate(value).valid;
export const newUserSchema = standard(validateNewUser);
export const userUpdateSchema = standard(validateUserUpdate);
export const bulkUsersSchema = standard(validateBulkUsers);
