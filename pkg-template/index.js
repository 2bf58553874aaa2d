// Browser and bundler entry: instantiates the module once with top-level await, so every export
// is ready to call on import. For control over loading, import `dynamic-users/web` and call its
// default `init()` (or `initSync({ module })`) yourself.
import init from './dynamic_users.js';

await init({ module_or_path: new URL('./dynamic_users_bg.wasm', import.meta.url) });

export { __EXPORTS__ } from './dynamic_users.js';
