import { DynamicUsersClient, isDynamicUsersError } from 'dynamic-users';

const client = new DynamicUsersClient({ token: 'dev-token', baseUrl: 'http://127.0.0.1:8787/api/v0' });
const environmentId = '9b3c7c1e-2f4a-4c55-8d0e-7a6f1b2c3d4e'; // the emulator's demo environment
try {
  const { created, updated } = await client.bulkCreateUsers(environmentId, [{ email: 'ada@example.com', username: 'ada' }], { upsert: true });
  const userId = [...created, ...updated][0]?.id;
  if (userId === undefined) throw new Error('The API stored no user.');
  const { user } = await client.updateUser(userId, { firstName: 'Ada', country: 'GB' }, { environmentId });
  console.log(`${user.email}: ${user.firstName}, ${user.country}`);
} catch (error) {
  if (isDynamicUsersError(error)) console.error(error.kind, error.status ?? '', error.message);
  else throw error;
}
