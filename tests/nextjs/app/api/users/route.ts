// A route handler: validates the posted user, then creates (or updates) it through the API.
import { DynamicUsersClient, isDynamicUsersError, validateNewUser, type NewUser } from 'dynamic-users';

export async function POST(request: Request) {
  const user: unknown = await request.json();
  const report = validateNewUser(user);
  if (!report.valid) return Response.json(report, { status: 422 });
  try {
    // Made per request, not at module scope: `next build` loads this module without the env vars.
    const client = new DynamicUsersClient({ token: process.env.DYNAMIC_API_TOKEN!, baseUrl: process.env.DYNAMIC_API_URL });
    const result = await client.bulkCreateUsers(process.env.DYNAMIC_ENVIRONMENT_ID!, [user as NewUser], { upsert: true });
    return Response.json(result, { status: 201 });
  } catch (e) {
    if (isDynamicUsersError(e)) return Response.json({ kind: e.kind, message: e.message }, { status: 502 });
    throw e;
  }
}
