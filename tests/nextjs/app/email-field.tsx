'use client';
// A client component: validates the field as the user types, in the browser (the package's
// browser entry loads its wasm as an asset of the bundle).
import { useState } from 'react';
import { validateField } from 'dynamic-users/validate';

export function EmailField() {
  const [email, setEmail] = useState('');
  const issues = email === '' ? [] : validateField('email', email);
  return (
    <label>
      Email <input name="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <output id="email-issues">{issues.map((issue) => issue.message).join(' ') || (email && 'Looks good.')}</output>
    </label>
  );
}
