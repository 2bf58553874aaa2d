import { DynamicUsersClient, validateBulkUsers } from 'dynamic-users';

const client = new DynamicUsersClient({ token: 'dev-token', baseUrl: 'http://127.0.0.1:8787/api/v0' });
const environmentId = '9b3c7c1e-2f4a-4c55-8d0e-7a6f1b2c3d4e'; // the emulator's demo environment
const customFields = await client.getCustomFields(environmentId); // CustomField[]: kycId, tier, terms
const users = [
  { email: 'kyc1@example.com', metadata: { kycId: 'AB1234', tier: 'Gold', terms: true } },
  { email: 'kyc2@example.com', metadata: { kycId: 'AB1234', tier: 'gold' } },
];
for (const issue of validateBulkUsers(users, { customFields }).issues) console.log(issue.path, issue.code, issue.fix ?? '');
const report = await client.importUsers(environmentId, users, { customFields, upsert: true });
console.log(`stored ${report.created.length + report.updated.length}, rejected ${report.rejected.length}`);
