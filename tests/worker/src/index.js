// A Cloudflare Worker: validates a user, then creates it through Dynamic's API. The package's
// `workerd` entry imports its wasm as a module, which wrangler uploads compiled.
import { DynamicUsersClient, isDynamicUsersError, validateNewUser } from 'dynamic-users';
import { validateField } from 'dynamic-users/validate';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/validate-field') {
      return Response.json(validateField(url.searchParams.get('field') ?? '', url.searchParams.get('value') ?? ''));
    }
    if (url.pathname === '/users' && request.method === 'POST') {
      const user = await request.json();
      const report = validateNewUser(user);
      if (!report.valid) return Response.json(report, { status: 422 });
      try {
        const client = new DynamicUsersClient({ token: env.DYNAMIC_API_TOKEN, baseUrl: env.DYNAMIC_API_URL });
        return Response.json(await client.bulkCreateUsers(env.DYNAMIC_ENVIRONMENT_ID, [user], { upsert: true }), { status: 201 });
      } catch (e) {
        if (isDynamicUsersError(e)) return Response.json({ kind: e.kind, message: e.message }, { status: 502 });
        throw e;
      }
    }
    return new Response('Not found', { status: 404 });
  },
};
