// Cloudflare Workers entry (the `workerd` condition, which wrangler resolves): Workers refuse to
// compile WebAssembly from bytes at run time, so the module is imported as a module, which
// wrangler uploads compiled; it is instantiated synchronously on import.
import { initSync } from './dynamic_users.js';
import module from './dynamic_users_bg.wasm';

initSync({ module });

export { __EXPORTS__ } from './dynamic_users.js';
