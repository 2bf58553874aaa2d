// Node ESM entry: the CommonJS build instantiates the module synchronously on load, and
// re-exporting it keeps one instance for `import` and `require` alike.
import glue from './dynamic_users.cjs';

export const { __EXPORTS__ } = glue;
