import { DynamicUsersError, isUserUpdate, newUserSchema, parseNewUser } from 'dynamic-users/validate';

// parse…: the value, typed (NewUser), or a DynamicUsersError of kind "validation" with every issue.
const user = parseNewUser({ email: 'ada@example.com', firstName: 'Ada' });
console.log(user.email); // ada@example.com
try {
  parseNewUser({ email: 'ada.example.com', country: 'uk' });
} catch (error) {
  if (!(error instanceof DynamicUsersError) || error.kind !== 'validation') throw error;
  console.log(error.issues.map((issue) => issue.code).join(', ')); // invalid_email, invalid_country
  console.log(error.message); // The user has 2 problems, the first at email: "ada.example.com" is not a valid email address.
}

// A type guard: narrows unknown data (a request body, say) to UserUpdate.
const body = JSON.parse('{"country":"GB"}');
if (isUserUpdate(body)) console.log(body.country); // GB

// A Standard Schema v1, for react-hook-form, TanStack Form and others: issue paths are arrays of keys.
const result = newUserSchema['~standard'].validate({ email: 'ada@example.com', wallets: [{ chain: 'MARS' }] });
console.log(result.issues?.map((issue) => issue.path?.join('.')).join(', '));
// wallets.0.chain, wallets.0.publicWalletAddress, wallets.0.walletName, wallets.0.walletProvider
