// Edge entry (the `edge-light` condition: Next.js's and Vercel's Edge runtime), which refuses to
// compile WebAssembly from bytes: the module is imported compiled (`?module`) and instantiated
// synchronously on import. The runtime compiles it in another realm, where `instanceof
// WebAssembly.Module` is false, so it gets this realm's prototype before the glue checks.
import { initSync } from './dynamic_users.js';
import module from './dynamic_users_bg.wasm?module';

initSync({ module: module instanceof WebAssembly.Module ? module : Object.setPrototypeOf(module, WebAssembly.Module.prototype) });

export { __EXPORTS__ } from './dynamic_users.js';
