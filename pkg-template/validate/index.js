// Browser and bundler entry of `dynamic-users/validate`, the validators only: instantiates its
// module once with top-level await, so every export is ready to call on import. Import it with a
// dynamic `import()` to keep it off a page's first paint. For control over loading, import
// `dynamic-users/validate/web` and call its default `init()` (or `initSync({ module })`) yourself.
import init from './dynamic_users_validate.js';

await init({ module_or_path: new URL('./dynamic_users_validate_bg.wasm', import.meta.url) });

export { __EXPORTS__ } from './dynamic_users_validate.js';
