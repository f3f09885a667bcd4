'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import styles from './app-header.module.css';

/**
 * Signs out of the portal, then of the IdP (RP-initiated logout), so the next sign-in asks
 * for credentials again. The IdP returns the browser to the portal afterwards.
 */
export function SignOutButton() {
  const [pending, setPending] = useState(false);

  async function handleClick() {
    setPending(true);
    let target = '/signin';
    try {
      const res = await fetch('/api/sign-out', { method: 'POST' });
      if (res.ok) target = ((await res.json()) as { url: string }).url;
    } catch {
      // Still end the portal session below.
    }
    await signOut({ redirect: false });
    window.location.assign(target);
  }

  return (
    <button type="button" className={styles.signOut} onClick={handleClick} disabled={pending}>
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
