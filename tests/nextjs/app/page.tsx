// A server component: validates on the server and calls the API there (the token never reaches
// the browser).
import { DynamicUsersClient, isDynamicUsersError, validateNewUser } from 'dynamic-users';
import { EmailField } from './email-field';

export const dynamic = 'force-dynamic';

export default async function Page({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email = 'ada@example.com' } = await searchParams;
  const report = validateNewUser({ email });
  let saved = 'not sent: the record is invalid';
  if (report.valid) {
    try {
      const client = new DynamicUsersClient({ token: process.env.DYNAMIC_API_TOKEN!, baseUrl: process.env.DYNAMIC_API_URL });
      const { created, updated } = await client.bulkCreateUsers(process.env.DYNAMIC_ENVIRONMENT_ID!, [{ email }], { upsert: true });
      saved = `${created.length} created, ${updated.length} updated`;
    } catch (e) {
      saved = isDynamicUsersError(e) ? `${e.kind}: ${e.message}` : String(e);
    }
  }
  return (
    <main>
      <p id="server-report">{report.valid ? `${email} is valid` : report.issues.map((i) => i.message).join(' ')}</p>
      <p id="server-saved">{saved}</p>
      <EmailField />
    </main>
  );
}
