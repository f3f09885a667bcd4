import type { Metadata } from 'next';
import { signInMessage } from '@/features/auth/lib/sign-in-message';
import { SignInView } from '@/features/auth/views/sign-in-view';
import { safeCallbackPath } from '@/lib/auth/sign-in-path';
import { portalConfig } from '@/lib/config';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** next-auth's `pages.signIn` (and `pages.error`): the only page that needs no session. */
export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  const origin = new URL(portalConfig().PORTAL_URL).origin;
  return <SignInView callbackUrl={safeCallbackPath(callbackUrl, origin)} message={signInMessage(error)} />;
}
