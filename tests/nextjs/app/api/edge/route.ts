// The Edge runtime (deprecated in Next.js 16, still used): the package's `edge-light` entry.
import { validateField } from 'dynamic-users/validate';

export const runtime = 'edge';

export async function GET(request: Request) {
  return Response.json(validateField('country', new URL(request.url).searchParams.get('country') ?? ''));
}
