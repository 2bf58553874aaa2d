// Node ESM entry of `dynamic-users/validate`: the CommonJS build instantiates the module
// synchronously on load, and re-exporting it keeps one instance for `import` and `require` alike.
import glue from './dynamic_users_validate.cjs';

export const { __EXPORTS__ } = glue;
