'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import styles from './sign-in-button.module.css';

/** Starts the OIDC flow with the Cairn identity provider. */
export function SignInButton({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={styles.button}
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn('cairn', { callbackUrl });
      }}
    >
      {pending ? 'Redirecting…' : 'Sign in with Cairn'}
    </button>
  );
}
