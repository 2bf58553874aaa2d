// Entry for Node when a bundler builds the server (Next.js server components, route handlers and
// server-side rendering, with Turbopack or webpack): a bundle moves the code but not the .wasm
// file beside it, so the module comes inlined (gzip, base64) and is instantiated synchronously.
import { gunzipSync } from 'node:zlib';
import { initSync } from './dynamic_users.js';
import wasm from './dynamic_users_bg.wasm.gz.mjs';

initSync({ module: gunzipSync(Buffer.from(wasm, 'base64')) });

export { __EXPORTS__ } from './dynamic_users.js';
